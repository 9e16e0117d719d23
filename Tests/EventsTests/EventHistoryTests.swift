import Foundation
import SeededRandom
import Testing
@testable import Events

@Suite struct EventHistoryTests {
    static func record(_ time: Double, _ policy: String = "deadlocks", _ kind: EventTransition.Kind = .fired,
                       severity: EventSeverity = .normal) -> EventRecord {
        EventRecord(time: time, node: "db1", policy: policy, subject: "", severity: severity, kind: kind, evidence: "")
    }

    @Test func theHistoryKeepsTheNewestWithinItsCapacity() {
        var history = EventHistory(capacity: 3)
        for time in 1...5 { history.append(Self.record(Double(time))) }
        #expect(history.records.map(\.time) == [3, 4, 5])
    }

    @Test func queriesFilterBySinceSeverityPolicyAndLimit() {
        let history = EventHistory(records: [
            Self.record(10, "etcd_unavailable", severity: .fatal), Self.record(20, "deadlocks"),
            Self.record(30, "replication_lag", severity: .critical), Self.record(40, "etcd_unavailable", .cleared, severity: .fatal),
        ])
        #expect(history.select(EventQuery(since: 20)).map(\.time) == [20, 30, 40])
        #expect(history.select(EventQuery(severity: .critical)).map(\.time) == [10, 30, 40])
        #expect(history.select(EventQuery(policy: "etcd_unavailable")).map(\.time) == [10, 40])
        #expect(history.select(EventQuery(limit: 2)).map(\.time) == [30, 40])
    }

    @Test func dailyCountsCountFiringsPerUTCDay() {
        let day = 86_400.0, start = 1_796_256_000.0 // 2026-12-03T00:00:00Z
        let history = EventHistory(records: [
            Self.record(start + 10), Self.record(start + 20), Self.record(start + 30, "deadlocks", .cleared),
            Self.record(start + day + 5), Self.record(start + 40, "etcd_unavailable", severity: .fatal),
        ])
        let counts = history.dailyCounts()
        #expect(counts.map { "\($0.day) \($0.policy) \($0.count)" } == [
            "2026-12-04 deadlocks 1", "2026-12-03 etcd_unavailable 1", "2026-12-03 deadlocks 2",
        ])
    }
}

/// The history file: a torn last line and garbage are skipped, every whole record is kept; mangled
/// files never crash the reader.
@Suite struct EventLinesTests {
    @Test func tornAndForeignLinesAreSkipped() throws {
        var data = Data()
        for time in [1.0, 2.0, 3.0] { data.append(try EventLines.encode(EventHistoryTests.record(time))) }
        data.append(Data("{\"time\": 4, \"nod".utf8))
        let (records, lines) = EventLines.decode(data)
        #expect(records.map(\.time) == [1, 2, 3] && lines == 4)
        let foreign = Data("{\"some\":\"newer shape\"}\n\n".utf8) + (try EventLines.encode(EventHistoryTests.record(5)))
        #expect(EventLines.decode(foreign).records.map(\.time) == [5])
    }

    @Test func mangledFilesNeverCrash() throws {
        var original = Data()
        for time in 1...20 { original.append(try EventLines.encode(EventHistoryTests.record(Double(time)))) }
        var random = SplitMix64(seed: 7)
        for _ in 0..<500 {
            var bytes = [UInt8](original)
            for _ in 0..<random.below(20) where !bytes.isEmpty { bytes[random.below(bytes.count)] = UInt8(random.below(256)) }
            bytes = Array(bytes.prefix(random.below(bytes.count + 1)))
            let (records, _) = EventLines.decode(Data(bytes))
            #expect(records.count <= 20)
        }
    }
}
