import Config
import Foundation
import Operations
import Testing

@Suite("Plan files")
struct PlanFileTests {
    static let minimal = """
    name = "p"
    [targets]
    groups = ["app"]
    [[steps]]
    name = "s"
    argv = ["/bin/true"]
    """

    static func distPlan(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("dist/plans/\(name)").path
    }

    @Test("the shipped example plans load", arguments: ["app-pair-update.toml", "both-pairs-update.toml", "db-diagnostics.toml"])
    func shippedPlans(file: String) throws {
        let plan = try PlanFile.load(path: Self.distPlan(file))
        #expect(!plan.steps.isEmpty)
    }

    @Test("the seed's app update reads as the guide wrote it")
    func appPairPlan() throws {
        let plan = try PlanFile.load(path: Self.distPlan("app-pair-update.toml"))
        #expect(plan.targets.groups == ["app"])
        #expect(plan.steps.map(\.name) == ["compose-down", "backup", "remove-images", "replace-files", "load-images",
                                           "compose-up", "restart-nginx"])
        #expect(plan.onFailure.map(\.name) == ["restore"])
        #expect(plan.vip.handBack == .owners(["app": "app1"]))
        #expect(plan.artifacts.map(\.destination) == ["app-images.tar", "app-configs.tar.gz", "front.tar.gz", "nginx-default"])
        #expect(plan.steps[0].argv == ["/usr/bin/docker-compose", "down"])
        #expect(plan.steps[1].argv.prefix(2) == ["/bin/sh", "-c"])
        #expect(plan.health == HealthGate(checks: ["web", "nginx"], minHealthyMilliseconds: 10_000, deadlineMilliseconds: 180_000))
    }

    @Test("defaults are the safe ones: serial, halt at the first failure, not idempotent, exit 0")
    func defaults() throws {
        let plan = try PlanFile.parse(Self.minimal)
        #expect(plan.strategy == RolloutStrategy(batch: .serial, maxParallel: 1, maxFailures: 0, pauseMilliseconds: 0))
        #expect(plan.steps[0].idempotent == false)
        #expect(plan.steps[0].acceptedExitCodes == [0])
        #expect(plan.steps[0].retries == 0)
        #expect(plan.vip.handBack == .stay)
    }

    @Test("batch sizes: a count, a percentage, serial")
    func batches() throws {
        func batch(_ value: String) throws -> RolloutStrategy.BatchSize {
            try PlanFile.parse(Self.minimal + "\n[strategy]\nbatch = \(value)\n").strategy.batch
        }
        #expect(try batch("3") == .count(3))
        #expect(try batch("\"25%\"") == .percent(25))
        #expect(try batch("\"serial\"") == .serial)
        #expect(try batch("1") == .serial)
    }

    @Test("each mistake is refused with its key and what to write instead", arguments: [
        ("name = \"p\"\n[targets]\ngroups = [\"app\"]\n[[steps]]\nname = \"s\"\nargv = [\"true\"]",
         "steps[0].argv[0]: \"true\" must be an absolute path (no PATH lookup); for a shell command write shell = \"…\""),
        ("name = \"p\"\n[targets]\ngroups = [\"app\"]\n[[steps]]\nname = \"s\"\nargv = [\"/bin/echo\", \"{nod}\"]",
         "steps[0].argv[1]: {nod} is not a plan variable; variables are {node}, {role}, {group}, {staging} (write ${nod} for a shell's)"),
        ("name = \"p\"\n[targets]\ngroups = [\"app\"]\n[[steps]]\nname = \"s\"\nargv = [\"/bin/true\"]\nshell = \"true\"",
         "steps[0].shell: a step has argv or shell, not both"),
        ("name = \"p\"\n[targets]\ngroups = [\"app\"]\n[[steps]]\nname = \"s\"\nargv = [\"/bin/true\"]\ntimeout = 5",
         "steps[0].timeout: unknown key \"timeout\" in [steps[0]] — did you mean \"timeout_ms\"?"),
        ("name = \"p\"\n[targets]\ngroups = [\"app\"]\n[[steps]]\nname = \"s\"\nargv = [\"/bin/true\"]\n[[steps]]\nname = \"s\"\nargv = [\"/bin/true\"]",
         "steps[1].name: a second step named \"s\" in [[steps]]"),
        ("name = \"p\"\n[targets]\ngroups = [\"app\"]", "steps: required key is missing"),
        ("name = \"p\"\n[[steps]]\nname = \"s\"\nargv = [\"/bin/true\"]", "targets: required key is missing"),
        (minimal + "\n[strategy]\nbatch = \"half\"",
         "strategy.batch: \"half\" is not a batch size; use a number of nodes (2), a percentage (\"25%\") or \"serial\""),
        (minimal + "\n[vip]\nhand_back = \"owners\"", "vip.owners: required key is missing"),
        (minimal + "\n[vip]\nhand_back = \"back\"",
         "vip.hand_back: \"back\" is not a hand-back policy; expected \"stay\", \"return\" or \"owners\""),
        (minimal + "\n[health]\nmin_healthy_ms = 5000\ndeadline_ms = 100", "health.deadline_ms: 100 must be more than min_healthy_ms (5000)"),
        (minimal + "\n[[artifacts]]\nname = \"a\"\nsource = \"x\"\ndestination = \"../etc/passwd\"",
         "artifacts[0].destination: \"../etc/passwd\" must be a plain file name inside the staging directory"),
        (minimal.replacingOccurrences(of: "argv = [\"/bin/true\"]", with: "argv = [\"/bin/true\"]\nenv = { \"1X\" = \"y\" }"),
         "steps[0].env.1X: is not an environment variable name"),
        (minimal + "\nexit_codes = [0, 300]", "steps[0].exit_codes[1]: expected an integer in 0 ... 255, found integer 300"),
    ])
    func refusals(text: String, message: String) {
        #expect(throws: Error.self) { try PlanFile.parse(text) }
        do {
            _ = try PlanFile.parse(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("a shell's own ${VAR} and Go templates pass through; plan variables are filled in")
    func variables() {
        let variables = PlanVariables(node: "app2", role: "app", group: "app", staging: "/s")
        #expect(variables.expand("${HOME}/{node}-{role}") == "${HOME}/app2-app")
        #expect(variables.expand("{{.Repository}}:{{.Tag}}") == "{{.Repository}}:{{.Tag}}")
        #expect(variables.expand("{staging}/x.tar") == "/s/x.tar")
        #expect(PlanVariables.unknownNames(in: "{node} {nodes} ${x}") == ["nodes"])
    }
}
