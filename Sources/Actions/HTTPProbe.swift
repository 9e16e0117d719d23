import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// A GET through AsyncHTTPClient that looks at the status only. The client is configured by
/// `ProbeClients` (no certificate verification, no proxy, no redirects), so a 3xx is the answer
/// and compared like any other status. Each probe asks for a fresh connection (`Connection:
/// close`), as a new client would: a service whose accept loop hangs must fail the check even
/// while an old kept-alive connection still answers.
enum HTTPProbe {
    static func run(_ url: String, expectStatus: Int, client: HTTPClient, budget: ProbeBudget) async -> ProbeResult {
        let target: HTTPTarget
        switch HTTPTarget.parse(url) {
        case .failure(let error): return budget.result(false, "http: \(error.description)")
        case .success(let parsed): target = parsed
        }
        let label = target.secure ? "https \(target.hostHeader)" : "HTTP \(target.hostHeader)"
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: "nodeagent-check")
        request.headers.add(name: "Connection", value: "close")
        do {
            let response = try await client.execute(request, deadline: budget.nioDeadline)
            return judge(Int(response.status.code), expectStatus: expectStatus, secure: target.secure, budget: budget)
        } catch {
            return budget.result(false, "\(label): \(ProbeErrorText.describe(error, budget: budget))")
        }
    }

    /// "HTTP 200", or "HTTP 503 (expected 200)"; https answers carry an "https: " prefix.
    static func judge(_ status: Int, expectStatus: Int, secure: Bool, budget: ProbeBudget) -> ProbeResult {
        let prefix = secure ? "https: " : ""
        if status == expectStatus { return budget.result(true, "\(prefix)HTTP \(status)") }
        return budget.result(false, "\(prefix)HTTP \(status) (expected \(expectStatus))")
    }
}
