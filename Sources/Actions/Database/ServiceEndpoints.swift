import AsyncHTTPClient
import Events
import Foundation
import NIOCore
import NIOPosix

/// The HTTP and socket side of the database sampler: Patroni's REST API, etcd's `/health`, HAProxy's
/// frontend and stats socket. Each call is bounded by the caller's `Deadline`; an answer that cannot
/// be read is a failure with the reason, never a guess.
struct ServiceEndpoints: Sendable {
    let http: HTTPClient
    let group: any EventLoopGroup
    let timeout: Duration

    /// `GET url` → (status, body), or why it failed.
    func get(_ url: String) async -> Result<(Int, Data), SourceFailure> {
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .GET
            let response = try await http.execute(request, timeout: .milliseconds(Int64(timeout / .milliseconds(1))))
            let body = try await response.body.collect(upTo: 1 << 20)
            return .success((Int(response.status.code), Data(buffer: body)))
        } catch {
            return .failure(SourceFailure("\(url): \(ProbeErrorText.describe(error, budget: ProbeBudget(timeout: timeout)))"))
        }
    }

    /// `GET /patroni` and `GET /cluster` of the local Patroni.
    func patroni(_ base: String) async -> Result<DatabaseFacts.Patroni, SourceFailure> {
        let root = base.hasSuffix("/") ? String(base.dropLast()) : base
        let own: [String: Any]
        switch await get(root + "/patroni") {
        case let .failure(failure): return .failure(failure)
        case let .success((_, body)):
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                return .failure(SourceFailure("\(root)/patroni: not a JSON object"))
            }
            own = object
        }
        let name = (own["patroni"] as? [String: Any])?["name"] as? String ?? ""
        var facts = DatabaseFacts.Patroni(name: name, state: own["state"] as? String ?? "unknown",
                                          role: own["role"] as? String ?? "unknown", clusterLeader: nil, clusterReplicas: [])
        if case let .success((200, body)) = await get(root + "/cluster"),
           let cluster = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
           let members = cluster["members"] as? [[String: Any]] {
            for member in members {
                guard let memberName = member["name"] as? String else { continue }
                // Patroni 3.0 does not name the member in /patroni: its api_url in /cluster does.
                if facts.name.isEmpty, let api = member["api_url"] as? String, Self.host(of: api) == Self.host(of: root) {
                    facts.name = memberName
                }
                switch member["role"] as? String {
                case "leader", "standby_leader": facts.clusterLeader = memberName
                case "replica", "sync_standby": facts.clusterReplicas.append(memberName)
                default: break
                }
            }
        }
        return .success(facts)
    }

    /// Each member's `GET /leader`: healthy when it answers 200.
    func leaderAnswers(_ members: [String]) async -> [DatabaseFacts.Endpoint] {
        await withTaskGroup(of: (Int, DatabaseFacts.Endpoint).self) { group in
            for (index, base) in members.enumerated() {
                group.addTask {
                    let root = base.hasSuffix("/") ? String(base.dropLast()) : base
                    switch await get(root + "/leader") {
                    case let .success((status, _)):
                        return (index, .init(name: Self.host(of: root), healthy: status == 200, detail: "HTTP \(status)"))
                    case let .failure(failure):
                        return (index, .init(name: Self.host(of: root), healthy: false, detail: Self.short(failure.description)))
                    }
                }
            }
            var answers: [(Int, DatabaseFacts.Endpoint)] = []
            for await answer in group { answers.append(answer) }
            return answers.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Each etcd member's `GET /health`: healthy when it answers `"health":"true"`.
    func etcdHealth(_ endpoints: [String]) async -> [DatabaseFacts.Endpoint] {
        await withTaskGroup(of: (Int, DatabaseFacts.Endpoint).self) { group in
            for (index, base) in endpoints.enumerated() {
                group.addTask {
                    let root = base.hasSuffix("/") ? String(base.dropLast()) : base
                    switch await get(root + "/health") {
                    case let .success((status, body)):
                        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
                        let healthy = status == 200 && (object?["health"] as? String == "true" || object?["health"] as? Bool == true)
                        let reason = (object?["reason"] as? String).map { ", \($0)" } ?? ""
                        return (index, .init(name: Self.host(of: root), healthy: healthy, detail: healthy ? "healthy" : "HTTP \(status)\(reason)"))
                    case let .failure(failure):
                        return (index, .init(name: Self.host(of: root), healthy: false, detail: Self.short(failure.description)))
                    }
                }
            }
            var answers: [(Int, DatabaseFacts.Endpoint)] = []
            for await answer in group { answers.append(answer) }
            return answers.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// A TCP connect to HAProxy's frontend, and the backends' states from the stats socket if given.
    func haproxy(host: String, port: Int, statsSocket: String?) async -> DatabaseFacts.Endpoint {
        let name = "haproxy \(host):\(port)"
        do {
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(.milliseconds(Int64(timeout / .milliseconds(1))))
                .connect(host: host, port: port).get()
            try? await channel.close()
        } catch {
            return .init(name: name, healthy: false, detail: "connect failed: \(ProbeErrorText.describe(error, budget: ProbeBudget(timeout: timeout)))")
        }
        guard let statsSocket else { return .init(name: name, healthy: true, detail: "accepting connections") }
        let backends = await HAProxyStats.servers(socket: statsSocket, group: group, timeout: timeout)
        return .init(name: name, healthy: true, detail: "accepting connections; " + backends)
    }

    static func host(of url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        return String(rest.prefix { $0 != "/" })
    }

    static func short(_ text: String) -> String { text.count > 160 ? String(text.prefix(157)) + "..." : text }
}
