import Testing
@testable import Actions

/// The contract under the probes whose work cannot be interrupted: an answer at the deadline, or
/// at once on cancellation, whatever the work does.
@Suite struct ProbeRaceTests {
    static func stubborn() async -> ProbeResult {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            Task.detached {
                try? await Task.sleep(for: .seconds(5))
                continuation.resume()
            }
        }
        return ProbeResult(success: true, detail: "late", duration: .seconds(5))
    }

    @Test func answersAtTheDeadline() async {
        let budget = ProbeBudget(timeout: .milliseconds(100))
        let result = await ProbeRace.run(budget: budget, work: { await Self.stubborn() }) { budget.result(false, $0) }
        #expect(!result.success && result.detail == "timed out after 100 ms")
        #expect(result.duration < .seconds(4))
    }

    @Test func answersAtOnceWhenCancelled() async {
        let task = Task {
            let budget = ProbeBudget(timeout: .seconds(30))
            return await ProbeRace.run(budget: budget, work: { await Self.stubborn() }) { budget.result(false, $0) }
        }
        task.cancel()
        let result = await task.value
        #expect(!result.success && result.detail == "cancelled")
    }

    @Test func passesTheWorksAnswerOn() async {
        let budget = ProbeBudget(timeout: .seconds(30))
        let result = await ProbeRace.run(budget: budget, work: { budget.result(true, "fine") }) { budget.result(false, $0) }
        #expect(result.success && result.detail == "fine")
    }
}
