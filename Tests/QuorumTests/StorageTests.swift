import Foundation
import Quorum
import QuorumStorage
import Testing

/// Durable storage: what is persisted comes back, and a torn or corrupt tail is cut and reported.
@Suite("RaftStorage")
struct StorageTests {
    /// A fresh, private data directory per test.
    static func scratchDirectory() -> String {
        let base = FileManager.default.temporaryDirectory.path
        let name = "quorum-storage-\(UInt64.random(in: 0...UInt64.max))"
        return base + "/" + name
    }

    static func entry(_ index: UInt64, term: UInt64 = 1) -> LogEntry {
        LogEntry(index: index, term: term, command: .setVIPMode(group: "app", node: NodeID("app\(index)"), mode: "active"))
    }

    static func readLog(_ directory: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: directory + "/log") ?? Data())
    }

    static func writeLog(_ directory: String, _ bytes: [UInt8]) {
        _ = FileManager.default.createFile(atPath: directory + "/log", contents: Data(bytes))
    }

    @Test("hard state, entries, truncation and snapshot survive a reopen")
    func roundTrip() throws {
        let directory = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let opened = try RaftStorage<FleetState>.open(directory: directory)
            #expect(opened.recovery == nil)
            #expect(opened.persisted == RaftPersistentState())
            try opened.storage.perform(.persistHardState(HardState(term: 3, votedFor: "n1")))
            try opened.storage.perform(.persistEntries(truncateFrom: nil, entries: (1...5).map { Self.entry($0) }))
            try opened.storage.perform(.persistEntries(truncateFrom: 4, entries: [Self.entry(4, term: 2)]))
        }
        let reopened = try RaftStorage<FleetState>.open(directory: directory)
        #expect(reopened.recovery == nil)
        #expect(reopened.persisted.hardState == HardState(term: 3, votedFor: "n1"))
        #expect(reopened.persisted.entries == (1...3).map { Self.entry($0) } + [Self.entry(4, term: 2)])

        var state = FleetState()
        for entry in reopened.persisted.entries.prefix(3) { state.apply(entry) }
        try reopened.storage.perform(.persistSnapshot(RaftSnapshot(lastIndex: 3, lastTerm: 1, state: state)))
        try reopened.storage.perform(.persistEntries(truncateFrom: nil, entries: [Self.entry(5, term: 2)]))
        let third = try RaftStorage<FleetState>.open(directory: directory)
        #expect(third.recovery == nil)
        #expect(third.persisted.snapshot?.lastIndex == 3)
        #expect(third.persisted.snapshot?.state == state)
        #expect(third.persisted.entries == [Self.entry(4, term: 2), Self.entry(5, term: 2)])
    }

    @Test("a batch of effects persists exactly what the same effects one by one do")
    func batchEqualsOneByOne() throws {
        var state = FleetState()
        for index in 1...3 { state.apply(Self.entry(UInt64(index))) }
        let effects: [RaftEffect] = [
            .persistHardState(HardState(term: 2, votedFor: "n1")),
            .persistEntries(truncateFrom: nil, entries: (1...4).map { Self.entry($0) }),
            .send(to: "n2", message: .timeoutNow(term: 2)),
            .persistEntries(truncateFrom: 4, entries: [Self.entry(4, term: 2), Self.entry(5, term: 2)]),
            .persistHardState(HardState(term: 3, votedFor: nil)),
            .persistHardState(HardState(term: 3, votedFor: "n2")),
            .persistEntries(truncateFrom: nil, entries: [Self.entry(6, term: 3)]),
            .persistSnapshot(RaftSnapshot(lastIndex: 3, lastTerm: 1, state: state)),
            .persistEntries(truncateFrom: nil, entries: [Self.entry(7, term: 3)]),
        ]
        let single = Self.scratchDirectory(), batched = Self.scratchDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: single)
            try? FileManager.default.removeItem(atPath: batched)
        }
        do {
            let one = try RaftStorage<FleetState>.open(directory: single)
            for effect in effects { try one.storage.perform(effect) }
            try RaftStorage<FleetState>.open(directory: batched).storage.perform(batch: effects)
        }
        let expected = try RaftStorage<FleetState>.open(directory: single).persisted
        #expect(try RaftStorage<FleetState>.open(directory: batched).persisted == expected)
        #expect(expected.hardState == HardState(term: 3, votedFor: "n2"))
        #expect(expected.entries.map(\.index) == [4, 5, 6, 7])
    }

    /// Writes `count` entries and returns the log file bytes and the offset where the last record starts.
    static func makeLog(_ directory: String, count: UInt64) throws -> (bytes: [UInt8], lastRecordStart: Int) {
        let opened = try RaftStorage<FleetState>.open(directory: directory)
        try opened.storage.perform(.persistEntries(truncateFrom: nil, entries: (1..<count).map { entry($0) }))
        let before = readLog(directory).count
        try opened.storage.perform(.persistEntries(truncateFrom: nil, entries: [entry(count)]))
        return (readLog(directory), before)
    }

    @Test("a log cut at every byte offset of its last record reopens with exactly the intact records")
    func tornTailAtEveryOffset() throws {
        let directory = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (bytes, lastStart) = try Self.makeLog(directory, count: 4)
        let intact = (1...3).map { Self.entry($0) }
        for cut in lastStart..<bytes.count {
            Self.writeLog(directory, Array(bytes[..<cut]))
            let opened = try RaftStorage<FleetState>.open(directory: directory)
            #expect(opened.persisted.entries == intact, "cut at \(cut)")
            if cut == lastStart {
                #expect(opened.recovery == nil, "a clean record boundary is not damage")
            } else {
                #expect(opened.recovery?.offset == lastStart, "cut at \(cut)")
                #expect(opened.recovery?.keptRecords == 3)
                #expect(opened.recovery?.droppedBytes == cut - lastStart)
            }
            // The cut is made on disk: a second open finds a clean file.
            #expect(Self.readLog(directory).count == lastStart)
        }
    }

    @Test("a flipped byte anywhere in the last record is detected, cut and reported")
    func corruptTailAtEveryOffset() throws {
        let directory = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (bytes, lastStart) = try Self.makeLog(directory, count: 4)
        let intact = (1...3).map { Self.entry($0) }
        for position in lastStart..<bytes.count {
            var damaged = bytes
            damaged[position] ^= 0x5A
            Self.writeLog(directory, damaged)
            let opened = try RaftStorage<FleetState>.open(directory: directory)
            #expect(opened.persisted.entries == intact, "flip at \(position)")
            #expect(opened.recovery?.offset == lastStart, "flip at \(position)")
            #expect(opened.recovery.map { !$0.reason.isEmpty } == true)
            #expect(Self.readLog(directory).count == lastStart)
            // Appending after recovery continues the log cleanly.
            try opened.storage.perform(.persistEntries(truncateFrom: nil, entries: [Self.entry(4, term: 2)]))
            let again = try RaftStorage<FleetState>.open(directory: directory)
            #expect(again.recovery == nil)
            #expect(again.persisted.entries == intact + [Self.entry(4, term: 2)])
        }
    }

    @Test("garbage in place of the log is cut to nothing, never trusted, never a crash")
    func garbageLog() throws {
        let directory = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        Self.writeLog(directory, [0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3, 4, 5, 6, 7, 8, 9])
        let opened = try RaftStorage<FleetState>.open(directory: directory)
        #expect(opened.persisted.entries.isEmpty)
        #expect(opened.recovery?.offset == 0)
        #expect(opened.recovery?.event(term: 0).name == "log_truncated")
    }

    @Test("a damaged hard state file fails with a typed error naming the file")
    func corruptHardState() throws {
        let directory = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try RaftStorage<FleetState>.open(directory: directory).storage.perform(.persistHardState(HardState(term: 7, votedFor: nil)))
        var bytes = Array(FileManager.default.contents(atPath: directory + "/hardstate") ?? Data())
        bytes[bytes.count - 1] ^= 1
        _ = FileManager.default.createFile(atPath: directory + "/hardstate", contents: Data(bytes))
        #expect {
            _ = try RaftStorage<FleetState>.open(directory: directory)
        } throws: { error in
            guard let storageError = error as? StorageError, case let .corruptFile(path, _) = storageError else { return false }
            return path.hasSuffix("hardstate")
        }
    }

    @Test("a single-voter node driven through real storage recovers its term, vote, log and state")
    func nodeRestartsFromStorage() throws {
        let directory = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var config = RaftConfig(id: "solo", voters: ["solo"])
        config.snapshotThreshold = 4
        var now = Instant(nanoseconds: 0)
        do {
            let opened = try RaftStorage<FleetState>.open(directory: directory)
            var node = try RaftNode(config: config, persisted: opened.persisted, now: now, seed: 1)
            for _ in 0..<200 {
                now = now.adding(nanoseconds: 10_000_000)
                for effect in node.onTick(now: now) { try opened.storage.perform(effect) }
            }
            #expect(node.currentRole == .leader)
            for version in 1...10 {
                let (_, effects) = try node.propose(.setConfigVersion(version: UInt64(version)), now: now)
                for effect in effects { try opened.storage.perform(effect) }
            }
            #expect(node.fleetState.configVersion == 10)
        }
        let reopened = try RaftStorage<FleetState>.open(directory: directory)
        #expect(reopened.recovery == nil)
        #expect(reopened.persisted.hardState == HardState(term: 1, votedFor: "solo"))
        let restarted = try RaftNode(config: config, persisted: reopened.persisted, now: now, seed: 2)
        #expect(restarted.currentTerm == 1)
        #expect(restarted.snapshot != nil)
        let last = reopened.persisted.entries.last?.index ?? restarted.snapshot?.lastIndex
        #expect(last == 11)
    }
}
