import Foundation
import GossipSim
import QuorumSim

/// `nodeagent-bench`: benchmarks that print figures. Not tests: run them by hand, on a quiet machine,
/// in a release build (`swift run -c release nodeagent-bench <name>`), and copy the figures to README.
let usage = """
usage: nodeagent-bench <benchmark> [options]
  gossip-sim        simulated fleets of 10…10,000: periods and seconds until 99.99% know of a failure, load per member
  gossip-detect     7 real agents on loopback: kill -9 → all survivors mark it dead (--trials N, default 20)
  footprint         7 real agents: RSS and CPU share of one agent over --seconds S (default 60)
  starved           7 real agents, one CPU-starved beside busy loops for --seconds S (default 60): false dead declarations
  quorum-sim        simulated coordinator failovers (Raft core): election time distribution
  failover          5 real voters on loopback: kill -9 of the coordinator → new coordinator committing (--trials N, default 20)
  commit            5 real voters: latency and throughput of fleet-state commands (--commands N, default 500)
  probes            one health check of each kind every 200 ms against local targets: the agent's CPU (--seconds S, default 60;
                    --docker-socket PATH --container NAME: a real Docker Engine and a running container instead of the stand-in)
"""

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let number = Int(arguments[index + 1]) else { return value }
    return number
}

func text(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

let binary = ProcessBenchmark.siblingBinary()
switch arguments.first {
case "gossip-sim":
    print(GossipScaleBenchmark.run(seed: UInt64(option("--seed", default: 1))))
case "gossip-detect":
    exit(await ProcessBenchmark(executable: binary).detection(trials: option("--trials", default: 20)))
case "footprint":
    exit(await ProcessBenchmark(executable: binary).footprint(seconds: option("--seconds", default: 60)))
case "starved":
    exit(await ProcessBenchmark(executable: binary).starved(seconds: option("--seconds", default: 60)))
case "failover":
    exit(await QuorumBenchmark(executable: binary).failover(trials: option("--trials", default: 20)))
case "commit":
    exit(await QuorumBenchmark(executable: binary).commits(count: option("--commands", default: 500)))
case "probes":
    var benchmark = ProbeBenchmark(seconds: option("--seconds", default: 60))
    if let socket = text("--docker-socket") { benchmark.engine = (socket, text("--container") ?? "web") }
    exit(await benchmark.run())
case "quorum-sim":
    print(QuorumSimBenchmark.run(seed: UInt64(option("--seed", default: 1))))
default:
    print(usage)
    exit(arguments.isEmpty ? 0 : 2)
}
