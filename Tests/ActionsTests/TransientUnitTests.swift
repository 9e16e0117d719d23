import Actions
import Foundation
import Operations
import Testing

/// The transient-unit form of a step: what systemd-run is asked for, and when it is used at all.
@Suite struct TransientUnitTests {
    @Test("one unit per attempt, a name systemd accepts whatever the operation is called")
    func unitNames() {
        let first = TransientUnit(AttemptID(operation: "update 2026/12", node: "app1", step: 2, attempt: 1))
        let retry = TransientUnit(AttemptID(operation: "update 2026/12", node: "app1", step: 2, attempt: 2))
        #expect(first.name == "nodeagent-op-update_2026_12-app1-s2-a1.service")
        #expect(first != retry)
        #expect(first.stopArguments == ["stop", "--no-block", first.name])
    }

    @Test("systemd-run waits, pipes the output back, kills the whole unit and bounds its runtime")
    func arguments() {
        let unit = TransientUnit(AttemptID(operation: "u", node: "n", step: 0, attempt: 1))
        let arguments = unit.arguments(argv: ["/usr/bin/docker", "load", "-i", "x"], environment: ["B": "2", "A": "1"],
                                       workingDirectory: "/opt/app", timeoutMilliseconds: 1500)
        #expect(Array(arguments.suffix(5)) == ["--", "/usr/bin/docker", "load", "-i", "x"])
        for expected in ["--wait", "--pipe", "--collect", "--unit=\(unit.name)", "--property=KillMode=control-group",
                         "--property=RuntimeMaxSec=7", "--working-directory=/opt/app"] {
            #expect(arguments.contains(expected), "\(expected) missing from \(arguments)")
        }
        #expect(arguments.filter { $0.hasPrefix("--setenv=") } == ["--setenv=A=1", "--setenv=B=2"])
    }

    @Test("NODEAGENT_STEP_RUNNER=direct turns it off; without systemd as PID 1 it is off")
    func availability() {
        #expect(!TransientUnit.isAvailable(environment: ["NODEAGENT_STEP_RUNNER": "direct"]))
        let systemdRuns = (try? FileManager.default.attributesOfItem(atPath: "/run/systemd/system")) != nil
        if !systemdRuns { #expect(!TransientUnit.isAvailable(environment: [:])) }
    }
}
