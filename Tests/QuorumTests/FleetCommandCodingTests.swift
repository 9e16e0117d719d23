import Foundation
import Testing
@testable import Quorum

/// The log and snapshots outlive agent versions (a serial update runs old and new side by side), so a
/// field added to a command or a record must leave what older agents wrote readable.
@Suite("Fleet command coding across versions")
struct FleetCommandCodingTests {
    @Test func aGrantWrittenBeforePlannedExistedStillDecodes() throws {
        let old = Data(#"{"grant":{"group":"app","node":"app1"}}"#.utf8)
        #expect(try JSONDecoder().decode(FleetCommand.self, from: old) == .grant(group: "app", node: "app1", planned: nil))
        let record = Data(#"{"node":"app1","term":3,"index":9}"#.utf8)
        #expect(try JSONDecoder().decode(GrantRecord.self, from: record) == GrantRecord(node: "app1", term: 3, index: 9))
    }

    @Test func aPlannedGrantRoundTripsAndIsRecordedInTheState() throws {
        let command = FleetCommand.grant(group: "app", node: "app2", planned: true)
        let data = try JSONEncoder().encode(command)
        #expect(try JSONDecoder().decode(FleetCommand.self, from: data) == command)
        var state = FleetState()
        state.apply(LogEntry(index: 1, term: 2, command: command))
        #expect(state.grants["app"] == GrantRecord(node: "app2", term: 2, index: 1, planned: true))
        state.apply(LogEntry(index: 2, term: 2, command: .grant(group: "app", node: "app1")))
        #expect(state.grants["app"]?.planned == nil)
    }
}
