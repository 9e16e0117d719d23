import AsyncHTTPClient
import Foundation
import NIOCore

/// Asks the Docker Engine API over its unix socket whether a container runs
/// (`GET /containers/{name}/json` → `.State.Running`), through AsyncHTTPClient's `http+unix`
/// support: no `docker` program, no process per probe.
enum DockerProbe {
    /// The engine's answer is a few kilobytes; more is not an engine.
    static let bodyLimit = 1 << 20

    static func run(_ container: String, socket: String, client: HTTPClient, budget: ProbeBudget) async -> ProbeResult {
        guard !container.isEmpty else { return budget.result(false, "docker: no container name") }
        guard let url = url(container: container, socket: socket) else {
            return budget.result(false, "docker: \"\(socket)\" is not a usable socket path")
        }
        var request = HTTPClientRequest(url: url)
        // AsyncHTTPClient sends no Host over a unix socket, and the engine (Go's HTTP server)
        // answers an HTTP/1.1 request without one with 400.
        request.headers.add(name: "Host", value: "localhost")
        request.headers.add(name: "User-Agent", value: "nodeagent-check")
        do {
            let response = try await client.execute(request, deadline: budget.nioDeadline)
            let body = try await response.body.collect(upTo: bodyLimit)
            return judge(container, status: Int(response.status.code), body: Data(body.readableBytesView), budget: budget)
        } catch {
            return budget.result(false, "docker: " + failure(error, socket: socket, budget: budget))
        }
    }

    static func url(container: String, socket: String) -> String? {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        guard let name = container.addingPercentEncoding(withAllowedCharacters: allowed) else { return nil }
        return URL(httpURLWithSocketPath: socket, uri: "/containers/\(name)/json")?.absoluteString
    }

    static func judge(_ container: String, status: Int, body: Data, budget: ProbeBudget) -> ProbeResult {
        switch status {
        case 200:
            guard let answer = try? JSONDecoder().decode(DockerContainerState.self, from: body) else {
                return budget.result(false, "docker: the engine's answer has no State.Running")
            }
            if answer.state.running { return budget.result(true, "docker: \(container) is running") }
            let status = answer.state.status.map { " (\($0))" } ?? ""
            return budget.result(false, "docker: \(container) is not running\(status)")
        case 404:
            return budget.result(false, "docker: no container named \(container)")
        default:
            let message = (try? JSONDecoder().decode(DockerEngineMessage.self, from: body))?.message
            return budget.result(false, "docker: the engine answered HTTP \(status)" + (message.map { ": \($0)" } ?? ""))
        }
    }

    private static func failure(_ error: any Error, socket: String, budget: ProbeBudget) -> String {
        let reason = ProbeErrorText.describe(error, budget: budget)
        if reason == "cancelled" || reason == budget.timedOutText { return reason }
        return "cannot reach the engine at \(socket) (\(reason))"
    }
}
