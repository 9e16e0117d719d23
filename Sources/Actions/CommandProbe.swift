/// A command's answer: success on exit 0, with its output in the detail.
enum CommandProbe {
    static func run(_ argv: [String], budget: ProbeBudget) async -> ProbeResult {
        let outcome = await ProcessRunner.run(argv, budget: budget)
        return budget.result(outcome.ending == .exited(0), outcome.detail)
    }
}
