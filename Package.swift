// swift-tools-version:6.0
import PackageDescription

/// nodeagent: one daemon per node of an HA fleet. The pure protocol cores (Gossip, Quorum, Operations, Events,
/// Diagnose, and the check state machine in Actions) depend on nothing but the standard library and Foundation; the I/O shells
/// (Mesh, Journal, AgentCore, and the probes in Actions) wrap them.
let package = Package(
    name: "nodeagent",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "nodeagent", targets: ["NodeAgent"]),
        .executable(name: "nodeagent-bench", targets: ["Bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // libsystemd (journald, sd_notify, sd-bus), from Debian's libsystemd-dev.
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // Frames and envelopes shared by every layer that crosses the network. Pure.
        .target(name: "Wire"),
        // SWIM membership + Lifeguard failure detection: a pure state machine.
        // The one seeded generator of the pure cores, their simulators and the tests.
        .target(name: "SeededRandom"),
        .target(name: "Gossip", dependencies: ["SeededRandom"]),
        // Raft, generic over the state machine it drives: election, log replication, snapshots, leases.
        .target(name: "Consensus", dependencies: ["SeededRandom"]),
        // The fleet's replicated state (VIP records, pins, grants, operations), feature gating, VIP
        // arbitration: the state machine Consensus drives.
        .target(name: "Quorum", dependencies: ["Consensus", "Operations", "Events", "SeededRandom"]),
        // Raft's durable state on disk: the write-ahead log, hard state and snapshot files (fsync, rename).
        .target(name: "QuorumStorage", dependencies: ["Consensus"]),
        // Deterministic simulators of the pure cores, shared by the tests and the benchmarks.
        .target(name: "GossipSim", dependencies: ["Gossip", "SeededRandom"]),
        .target(name: "QuorumSim", dependencies: ["Quorum", "SeededRandom"]),
        // The keepalived bridge: track-file values, notify-FIFO parsing, config snippets, VIP observation.
        .target(name: "Keepalived"),
        // Fleet operations: plans, the VIP-aware rollout planner, the conductor. Pure.
        .target(name: "Operations"),
        // Events with detection policies: the catalogue, the per-event detectors, the bounded history. Pure.
        .target(name: "Events"),
        // `nodeagent diagnose`: one pure evaluator per check over the text the shell read (in Actions).
        .target(name: "Diagnose", dependencies: ["PKI"]),
        // Checks and the node side of operations. The check machine is pure; the probes use
        // AsyncHTTPClient (http, https, the Docker Engine API), sd-bus (systemd) and swift-subprocess
        // (commands); steps run through swift-subprocess in process groups, with a durable attempt journal.
        .target(name: "Actions", dependencies: [
            "CSystemd", "Operations", "Diagnose", "Events",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Subprocess", package: "swift-subprocess"),
            .product(name: "SystemPackage", package: "swift-system"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        // journald log handler behind swift-log, and sd_notify.
        .target(name: "Journal", dependencies: [
            "CSystemd",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
        ]),
        // The node's TOML configuration and its validation.
        .target(name: "Config", dependencies: [
            "Operations",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // The fleet CA, node and admin certificates, and reading a peer's identity.
        .target(name: "PKI", dependencies: [
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
        ]),
        // The mutual-TLS transport: listeners, peer connections, framing, identity checks.
        .target(name: "Mesh", dependencies: [
            "Wire", "PKI",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOTLS", package: "swift-nio"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The agent: wiring of the services, the admin API, the demo fleet.
        .target(name: "AgentCore", dependencies: [
            "Wire", "Gossip", "Quorum", "QuorumStorage", "Actions", "Operations", "Keepalived", "Journal", "Config", "PKI", "Mesh", "Diagnose", "Events",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // The `nodeagent` command line.
        .executableTarget(name: "NodeAgent", dependencies: [
            "AgentCore", "Config", "Mesh", "PKI", "Wire", "Journal", "Keepalived", "Operations", "Diagnose", "Events",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Benchmarks that print figures (not tests): `swift run -c release nodeagent-bench`.
        .executableTarget(name: "Bench", dependencies: [
            "AgentCore", "Actions", "Mesh", "Wire", "GossipSim", "QuorumSim",
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),

        .testTarget(name: "WireTests", dependencies: ["Wire", "SeededRandom"]),
        .testTarget(name: "GossipTests", dependencies: ["Gossip", "GossipSim", "SeededRandom"]),
        // Consensus alone, driving a state machine that is not the fleet's.
        .testTarget(name: "ConsensusTests", dependencies: ["Consensus", "QuorumStorage"]),
        .testTarget(name: "QuorumTests", dependencies: ["Consensus", "Quorum", "Events", "QuorumStorage", "QuorumSim", "SeededRandom"]),
        .testTarget(name: "JournalTests", dependencies: ["Journal", "SeededRandom"]),
        .testTarget(name: "OperationsTests", dependencies: ["Operations", "Config", "SeededRandom"]),
        .testTarget(name: "EventsTests", dependencies: ["Events", "SeededRandom"]),
        .testTarget(name: "DiagnoseTests", dependencies: ["Diagnose", "PKI", "SeededRandom"]),
        .testTarget(name: "ActionsTests", dependencies: [
            "Actions", "Operations", "SeededRandom", "Diagnose", "PKI",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        .testTarget(name: "KeepalivedTests", dependencies: ["Keepalived", "SeededRandom"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config", "SeededRandom"]),
        .testTarget(name: "PKITests", dependencies: ["PKI", "SeededRandom"]),
        // The VIP lab: network namespaces, a bridge, real keepalived (root only).
        .testTarget(name: "LabTests", dependencies: ["Keepalived"]),
        // Real `nodeagent` processes, real TLS, real journald.
        .testTarget(name: "SystemTests", dependencies: ["PKI", "Wire"]),
    ],
    swiftLanguageModes: [.v6]
)
