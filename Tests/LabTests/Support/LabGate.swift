#if os(Linux)
import Foundation
import Testing

/// Decides whether this machine can run the lab. The lab needs root (namespaces, keepalived) and a few
/// tools; a developer's machine without them skips the lab with the reason printed, but CI (CI=true)
/// must not silently skip the proof, so there a missing prerequisite is a failure.
enum LabGate {
    /// The tools the lab runs, with the Debian package that provides each.
    static let tools: [(name: String, package: String)] = [
        ("ip", "iproute2"), ("keepalived", "keepalived"), ("nft", "nftables"),
        ("curl", "curl"), ("python3", "python3"),
    ]

    /// Why the lab cannot run here, or nil when it can.
    static let missing: String? = {
        var reasons: [String] = []
        if geteuid() != 0 {
            reasons.append("the lab needs root (network namespaces, keepalived)")
        }
        // LAB_CPU_LOAD=1 runs every fleet beside stress-ng.
        let wanted = tools + (CPULoad.isRequested ? [("stress-ng", "stress-ng")] : [])
        let absent = wanted.filter { Command.find($0.name) == nil }
        if !absent.isEmpty {
            let packages = absent.map(\.package).joined(separator: " ")
            reasons.append("missing \(absent.map(\.name).joined(separator: ", ")) (apt-get install \(packages))")
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }()

    /// True under CI, where the lab must run.
    static var isCI: Bool {
        ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true"
    }

    /// Call first in every lab test: returns when the lab can run; otherwise cancels the test
    /// (shown as skipped, with the reason) or, under CI, throws so the test fails.
    static func require() throws {
        guard let reason = missing else { return }
        if isCI {
            throw LabError.unavailable(reason + " — required because CI=true")
        }
        print("LabTests skipped: \(reason)")
        try Test.cancel(Comment(rawValue: "lab skipped: \(reason)"))
    }

    /// `require()`, plus a built `nodeagent` binary for the tests that run real agents.
    static func requireAgent() throws {
        try require()
        guard AgentBinary.path == nil else { return }
        try skipOrFail("no nodeagent binary (swift build --product nodeagent, or set NODEAGENT_BINARY)")
    }

    /// `requireAgent()`, plus an agent that arbitrates VIPs (`nodeagent vip`), for the scenarios.
    static func requireVIPAgent() throws {
        try requireAgent()
        guard !AgentBinary.supports(["vip"]) else { return }
        try skipOrFail("this nodeagent has no `vip` command yet (VIP arbitration not built in)")
    }

    /// `require()`, plus the database lab's packages (PostgreSQL 15, Patroni, etcd, HAProxy, psycopg2;
    /// `scripts/setup.sh` installs them).
    static func requireDatabase() throws {
        try require()
        // The pass beside a CPU load is about VIPs holding on a busy node; the database drills run in
        // the first pass (a Patroni cluster beside stress-ng on 2 cores measures the contention).
        if CPULoad.isRequested {
            print("LabTests: the database lab runs in the first pass only, not beside LAB_CPU_LOAD")
            try Test.cancel("the database lab runs in the first pass only")
        }
        guard let missing = DBCluster.missingPrerequisites else { return }
        try skipOrFail("the database lab's packages are not installed (\(missing))")
    }

    private static func skipOrFail(_ reason: String) throws {
        if isCI {
            throw LabError.unavailable(reason + " — required because CI=true")
        }
        print("LabTests skipped: \(reason)")
        try Test.cancel(Comment(rawValue: "lab skipped: \(reason)"))
    }
}
#endif
