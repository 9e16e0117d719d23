import Foundation
import Testing

/// A rolling update and a rollback with real agents of two builds: an older release
/// (`NODEAGENT_OLD_BINARY`, built from an earlier commit; `scripts/lab/mixed-versions.sh REF` builds one
/// and runs this) and this one, over the same data directories. Committed state must survive every
/// step, the fleet must keep committing with old and new voters side by side, and the coordinator's
/// feature level must follow the oldest voter.
@Suite("Mixed versions (real agents of two builds)", .serialized)
struct MixedVersionProcessTests {
    static let oldBinary = ProcessInfo.processInfo.environment["NODEAGENT_OLD_BINARY"].flatMap { $0.isEmpty ? nil : $0 }
    let names = ["db1", "db2", "db3"]

    @Test(.enabled(if: oldBinary != nil, "set NODEAGENT_OLD_BINARY to an older nodeagent build (scripts/lab/mixed-versions.sh)"))
    func rollingUpdateAndRollbackKeepCommittedState() throws {
        let old = try #require(Self.oldBinary)
        let fleet = try TestFleet()
        defer { fleet.stop() }
        try fleet.addMesh(names, role: "db", voters: names)
        // 1. All old.
        for name in names { try fleet.start(name, binary: old) }
        try commit(version: 1, through: "db1", fleet)
        // What each build understands, from its own report (a build too old to report it knows the baseline).
        let oldFeatures = Set(ownFeatures(fleet, on: "db1") ?? ["fleet-state/1"])
        // 2. Rolling update, one node at a time, committing through an old and a new node at each step.
        var newFeatures: Set<String> = []
        for (step, name) in names.enumerated() {
            fleet.stopNode(name)
            try fleet.start(name)
            newFeatures = Set(ownFeatures(fleet, on: name) ?? [])
            try commit(version: UInt64(10 + step * 2), through: name, fleet)
            try commit(version: UInt64(11 + step * 2), through: names[(step + 1) % names.count], fleet)
            if step < names.count - 1 {
                let mixed = oldFeatures.intersection(newFeatures).sorted()
                #expect(fleet.eventually(timeout: .seconds(10)) { features(fleet, on: name) == mixed },
                        "an old voter remains: the fleet stays at \(mixed), not \(features(fleet, on: name))")
            }
        }
        #expect(newFeatures.isSuperset(of: oldFeatures), "the new build forgot features: \(oldFeatures.subtracting(newFeatures).sorted())")
        #expect(fleet.eventually(timeout: .seconds(10)) { features(fleet, on: "db3") == newFeatures.sorted() },
                "every voter updated: \(features(fleet, on: "db3")), expected \(newFeatures.sorted())")
        // 3. Roll one node back to the old build over the log the new build wrote.
        fleet.stopNode("db2")
        try fleet.start("db2", binary: old)
        try commit(version: 20, through: "db2", fleet)
        #expect(fleet.eventually(timeout: .seconds(10)) { features(fleet, on: "db1") == oldFeatures.intersection(newFeatures).sorted() })
        for name in names {
            #expect(fleet.eventually(timeout: .seconds(10)) { configVersion(fleet, on: name) == 20 }, "\(name): \(fleet.log(name))")
        }
    }

    /// Commits `set-config-version` through `node` and checks the answer.
    private func commit(version: UInt64, through node: String, _ fleet: TestFleet) throws {
        var last = ""
        let committed = fleet.eventually(timeout: .seconds(20)) {
            guard let result = try? fleet.admin(node, ["fleet", "set-config-version", String(version)]) else { return false }
            last = result.stdout + result.stderr
            return result.status == 0 && last.contains("committed")
        }
        #expect(committed, "version \(version) through \(node): \(last)\n\(fleet.log(node))")
    }

    private func features(_ fleet: TestFleet, on node: String) -> [String] {
        fleet.coordinator(of: node)["features"] as? [String] ?? []
    }

    /// The features the agent itself understands (`nodeFeatures`; nil from a build that predates reporting them).
    private func ownFeatures(_ fleet: TestFleet, on node: String) -> [String]? {
        var found: [String]?
        _ = fleet.eventually(timeout: .seconds(10)) {
            found = fleet.coordinator(of: node)["nodeFeatures"] as? [String]
            return found != nil
        }
        return found
    }

    private func configVersion(_ fleet: TestFleet, on node: String) -> Int? {
        fleet.coordinator(of: node)["configVersion"] as? Int
    }
}
