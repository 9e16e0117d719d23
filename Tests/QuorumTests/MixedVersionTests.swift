import Foundation
import Testing
@testable import Quorum
@testable import QuorumStorage

/// Old and new agents side by side (a rolling update, a rollback): a command of a kind this version does
/// not know is kept — in the log, in replication, in snapshots — and applied as a no-op. Each test writes
/// what a newer version would and fails on a version that treats the unknown kind as corruption.
@Suite("Mixed versions")
struct MixedVersionTests {
    /// A command kind no released version has, with fields of every JSON type.
    static let futureBody = #"{"id":"upd-7","nodes":["app1","app2"],"serial":true,"timeoutMs":18446744073709551615,"weight":0.5}"#
    static let futureCommand = #"{"drainNode":\#(futureBody)}"#

    static func future() throws -> FleetCommand {
        try JSONDecoder().decode(FleetCommand.self, from: Data(futureCommand.utf8))
    }

    static func sortedJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    // MARK: Commands

    @Test func anUnknownKindDecodesAsUnknownAndReencodesByteForByte() throws {
        let command = try Self.future()
        guard case let .unknown(unknown) = command else {
            Issue.record("decoded as \(command)")
            return
        }
        #expect(unknown.kind == "drainNode")
        #expect(try Self.sortedJSON(command) == Self.futureCommand)
    }

    @Test func aKnownKindWithBrokenFieldsIsStillAnError() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(FleetCommand.self, from: Data(#"{"grant":{"group":"app"}}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(FleetCommand.self, from: Data(#"{"grant":{"group":"app","node":"a"},"pin":{}}"#.utf8))
        }
    }

    @Test func anOlderVersionsViewRoundTripsToTheSameCommand() {
        let command = FleetCommand.setConfigVersion(version: 42)
        let seenByOld = command.downgraded(knowing: ["noop", "grant"])
        #expect(seenByOld.unknownCommand?.kind == "setConfigVersion")
        #expect(seenByOld.resolved() == command)
        #expect(command.downgraded(knowing: Set(FleetCommand.knownKinds)) == command)
    }

    // MARK: Storage

    @Test func aLogWithRecordsOfAnUnknownKindOpensWithEveryEntryKept() throws {
        let directory = StorageTests.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Written as a newer version would: entries 1 and 3 known, 2 of a kind this version lacks.
        var bytes: [UInt8] = []
        for entry in [StorageTests.entry(1), LogEntry(index: 2, term: 1, command: .noop), StorageTests.entry(3)] {
            var json = try Self.sortedJSON(StorageRecord.append(entry))
            if entry.index == 2 { json = json.replacingOccurrences(of: #""noop":{}"#, with: #""drainNode":\#(Self.futureBody)"#) }
            bytes += RecordFraming.frame(Array(json.utf8))
        }
        StorageTests.writeLog(directory, bytes)
        let opened = try RaftStorage<FleetState>.open(directory: directory)
        #expect(opened.recovery == nil)
        #expect(opened.persisted.entries.map(\.index) == [1, 2, 3])
        #expect(opened.persisted.entries[1].command == (try Self.future()))
        #expect(StorageTests.readLog(directory) == bytes, "the file must be left as it was")
        // And it stays readable after this version appends to it.
        try opened.storage.perform(.persistEntries(truncateFrom: nil, entries: [StorageTests.entry(4)]))
        #expect(try RaftStorage<FleetState>.open(directory: directory).persisted.entries.map(\.index) == [1, 2, 3, 4])
    }

    @Test func anIntactRecordThatDoesNotDecodeStopsTheOpenAndCutsNothing() throws {
        let directory = StorageTests.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let bytes = RecordFraming.frame(Array(try Self.sortedJSON(StorageRecord.append(StorageTests.entry(1))).utf8))
            + RecordFraming.frame(Array(#"{"compact":{"upTo":1}}"#.utf8))
            + RecordFraming.frame(Array(try Self.sortedJSON(StorageRecord.append(StorageTests.entry(2))).utf8))
        StorageTests.writeLog(directory, bytes)
        #expect {
            _ = try RaftStorage<FleetState>.open(directory: directory)
        } throws: { error in
            guard case let StorageError.unreadableRecord(_, offset, _) = error else { return false }
            return offset > 0 && "\(error)".contains("newer nodeagent")
        }
        #expect(StorageTests.readLog(directory) == bytes)
    }

    // MARK: Replication

    @Test func aFollowerAcceptsAcknowledgesAndCommitsACommandItCannotApply() throws {
        // The AppendEntries travels as JSON, as on the wire.
        let append = AppendEntriesMessage(term: 1, prevLogIndex: 0, prevLogTerm: 0,
                                          entries: [LogEntry(index: 1, term: 1, command: .noop), LogEntry(index: 2, term: 1, command: .noop)],
                                          leaderCommit: 2, sentAt: .zero)
        var json = try Self.sortedJSON(RaftMessage.appendEntries(append))
        let first = json.range(of: #""noop":{}"#)!
        json = json.replacingCharacters(in: json.range(of: #""noop":{}"#, range: first.upperBound..<json.endIndex)!,
                                        with: #""drainNode":\#(Self.futureBody)"#)
        let message = try JSONDecoder().decode(RaftMessage.self, from: Data(json.utf8))

        var follower = try RaftNode(config: RaftConfig(id: "n2", voters: ["n1", "n2", "n3"]), persisted: RaftPersistentState(),
                                    now: .zero, seed: 1)
        let effects = follower.onMessage(message, from: "n1", now: Instant(nanoseconds: 1_000_000))
        let acknowledged = effects.contains { effect in
            if case let .send(to, .appendEntriesResponse(_, success, matchIndex, _)) = effect { return to == "n1" && success && matchIndex == 2 }
            return false
        }
        #expect(acknowledged, "\(effects)")
        let applied = effects.compactMap { effect -> LogEntry? in
            if case let .apply(entry) = effect { return entry }
            return nil
        }
        #expect(applied.map(\.index) == [1, 2])
        #expect(follower.fleetState.appliedIndex == 2)
        #expect(follower.fleetState.skipped.map(\.index) == [2])
        #expect(follower.fleetState.skipped.first?.command == (try Self.future()))
    }

    // MARK: Snapshots

    @Test func aSnapshotWithUnknownStateRoundTrips() throws {
        var state = FleetState()
        state.apply(LogEntry(index: 1, term: 1, command: .pin(group: "app", node: "app1")))
        state.apply(LogEntry(index: 2, term: 1, command: try Self.future()))
        var json = try Self.sortedJSON(RaftSnapshot(lastIndex: 2, lastTerm: 1, state: state))
        // A newer version's snapshot carries a field this version does not have.
        json = json.replacingOccurrences(of: #""state":{"#, with: #""state":{"rollouts":{"upd-7":{"step":3,"nodes":["app1"]}},"#)
        let snapshot = try JSONDecoder().decode(RaftSnapshot.self, from: Data(json.utf8))
        #expect(snapshot.state.pins["app"] == "app1")
        #expect(snapshot.state.skipped.count == 1)
        #expect(snapshot.state.extensions["rollouts"] != nil)
        let written = try JSONDecoder().decode(PreservedJSON.self, from: Data(json.utf8))
        #expect(try Self.sortedJSON(snapshot) == Self.sortedJSON(written), "re-encoded exactly as the newer version wrote it")
    }

    @Test func aVersionThatLearnedTheKindAppliesWhatAnOlderSnapshotSkipped() throws {
        var old = FleetState()
        let seen = FleetCommand.setConfigVersion(version: 9).downgraded(knowing: ["noop"])
        old.apply(LogEntry(index: 1, term: 1, command: seen))
        #expect(old.configVersion == 0)
        #expect(old.skipped.count == 1)
        let restored = try JSONDecoder().decode(FleetState.self, from: JSONEncoder().encode(old))
        #expect(restored.configVersion == 9)
        #expect(restored.skipped.isEmpty)
        #expect(restored.appliedIndex == 1)
    }

    // MARK: Feature gate

    @Test func theGateWaitsForEveryVoterAndTheConcernedNode() {
        let newer: FleetFeature = "operations/1"
        let command = FleetCommand.unknown(UnknownCommand(kind: "x", body: .null))
        var gate = FeatureGate(advertised: ["db1": [.fleetStateV1, newer], "db2": [.fleetStateV1]], voters: ["db1", "db2", "db3"])
        #expect(gate.effective == [.fleetStateV1], "db3 advertises nothing: baseline")
        #expect(gate.refusal(for: .grant(group: "app", node: "app1")) == nil)
        #expect(gate.refusal(for: .noop) == nil)
        #expect(gate.refusal(for: command)?.lacking == ["db1", "db2", "db3"])
        gate.advertised["db2"] = [newer]
        gate.advertised["db3"] = [newer, .fleetStateV1]
        #expect(gate.effective == [newer])
        let refusal = gate.refusal(for: .grant(group: "app", node: "app1"))
        #expect(refusal?.lacking == ["db2"], "db2 no longer lists fleet-state/1; app1 counts as baseline")
        #expect(refusal.map { "\($0)".contains("db2 does not advertise it") } == true)
    }
}
