import Foundation

/// Runs blocking work (reading /proc, getaddrinfo, sleeping between CPU samples) on a thread of its
/// own, so that it never occupies one of the few threads of Swift's cooperative pool — on a 2-core
/// node there are two, and a hanging read there would stall the agent.
enum BlockingCall {
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = "nodeagent-diagnose"
            thread.start()
        }
    }
}
