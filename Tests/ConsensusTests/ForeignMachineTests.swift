import Testing
import Foundation
import Consensus
import QuorumStorage

/// Raft and its storage driving a state machine other than the fleet's: what a new kind of fleet
/// data relies on. Nothing here imports the fleet's module.
@Suite("Consensus with another state machine")
struct ForeignMachineTests {
    static let trio: [NodeID] = ["a", "b", "c"]

    @Test("commands commit and every node applies the same state")
    func replicates() throws {
        var cluster = try RegisterCluster(voters: Self.trio)
        cluster.run(millis: 2_000)
        let leader = try #require(cluster.leaders.first)
        for value in 1...20 { _ = try cluster.propose(.set(name: "r\(value % 3)", value: value), on: leader) }
        cluster.run(millis: 300)
        let states = Self.trio.compactMap { cluster.nodes[$0]?.machineState }
        #expect(states.count == 3)
        #expect(Set(states).count == 1)
        #expect(states.first?.registers == ["r0": 18, "r1": 19, "r2": 20])
    }

    @Test("a node cut off catches up through a snapshot of the foreign state")
    func snapshotCatchUp() throws {
        var cluster = try RegisterCluster(voters: Self.trio, snapshotThreshold: 5)
        cluster.run(millis: 2_000)
        let leader = try #require(cluster.leaders.first)
        let lagging = try #require(Self.trio.first { $0 != leader })
        cluster.cut = [lagging]
        for value in 1...30 { _ = try cluster.propose(.set(name: "x", value: value), on: leader) }
        cluster.run(millis: 200)
        #expect(cluster.nodes[lagging]?.machineState.registers["x"] == nil)
        cluster.cut = []
        cluster.run(millis: 1_000)
        #expect(cluster.nodes[lagging]?.machineState.registers["x"] == 30)
        #expect(cluster.nodes[lagging]?.snapshot != nil)
    }

    @Test("leases follow what the machine says, and only that")
    func leasesFromMachine() throws {
        var cluster = try RegisterCluster(voters: Self.trio)
        cluster.run(millis: 2_000)
        let leader = try #require(cluster.leaders.first)
        let holder = try #require(Self.trio.first { $0 != leader })
        _ = try cluster.propose(.claim(resource: "door", node: holder), on: leader)
        // The coordinator waits out earlier leases before its first grant.
        cluster.run(millis: 3_000)
        #expect(cluster.nodes[holder]?.holdsLease(group: "door", now: cluster.now) == true)
        for other in Self.trio where other != holder {
            #expect(cluster.nodes[other]?.holdsLease(group: "door", now: cluster.now) == false)
        }
        #expect(cluster.nodes[holder]?.holdsLease(group: "window", now: cluster.now) == false)
    }

    @Test("storage keeps a foreign machine's log and snapshot across a restart")
    func storageRoundTrip() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("consensus-\(UInt64.random(in: 0...UInt64.max))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var cluster = try RegisterCluster(voters: Self.trio, snapshotThreshold: 4)
        cluster.run(millis: 2_000)
        let leader = try #require(cluster.leaders.first)
        for value in 1...10 { _ = try cluster.propose(.set(name: "y", value: value), on: leader) }
        cluster.run(millis: 200)
        let storage = try RaftStorage<RegisterMachine>.open(directory: directory).storage
        try storage.perform(batch: cluster.persisted[leader] ?? [])
        let reopened = try RaftStorage<RegisterMachine>.open(directory: directory).persisted
        let restarted = try Raft<RegisterMachine>(config: RaftConfig(id: leader, voters: Set(Self.trio)),
                                                  persisted: reopened, now: cluster.now, seed: 99)
        let original = try #require(cluster.nodes[leader])
        #expect(reopened.snapshot?.state.registers["y"] != nil)
        #expect(restarted.logEntries.last?.index == original.logEntries.last?.index)
        #expect(reopened.hardState == original.persistentHardState)
    }
}
