import AsyncHTTPClient
import Events
import NIOCore

/// Reads a database node's facts for one round: PostgreSQL (through PostgresNIO), Patroni, etcd and
/// HAProxy side by side, each within the targets' timeout, so one source that hangs costs one round
/// at most `timeout` and never hides what the others said.
public final class DatabaseSampler: Sendable {
    public let targets: DatabaseTargets
    private let postgres: PostgresReader?
    private let endpoints: ServiceEndpoints

    public init(targets: DatabaseTargets, clients: ProbeClients) {
        self.targets = targets
        postgres = targets.postgres.map { PostgresReader(target: $0, eventLoop: clients.eventLoopGroup.any()) }
        endpoints = ServiceEndpoints(http: clients.http, group: clients.eventLoopGroup, timeout: targets.timeout)
    }

    /// One round's facts.
    public func read() async -> DatabaseFacts {
        let limit = targets.timeout + .milliseconds(200)
        async let postgresFacts = readPostgres(limit)
        async let patroni = readPatroni(limit)
        async let leaders = readLeaders(limit)
        async let etcd = readEtcd(limit)
        async let haproxy = readHAProxy(limit)
        return DatabaseFacts(postgres: await postgresFacts, patroni: await patroni, leaderAnswers: await leaders,
                             etcd: await etcd, haproxy: await haproxy)
    }

    /// Closes the monitoring connection.
    public func stop() async {
        await postgres?.drop()
    }

    private func readPostgres(_ limit: Duration) async -> Result<DatabaseFacts.Postgres, SourceFailure>? {
        guard let postgres else { return nil }
        if let result = await Deadline.run(limit, { await postgres.read() }) { return result }
        await postgres.drop()
        return .failure(SourceFailure("PostgreSQL did not answer within \(limit)"))
    }

    private func readPatroni(_ limit: Duration) async -> Result<DatabaseFacts.Patroni, SourceFailure>? {
        guard let url = targets.patroniURL else { return nil }
        let endpoints = self.endpoints
        return await Deadline.run(limit) { await endpoints.patroni(url) }
            ?? .failure(SourceFailure("\(url) did not answer within \(limit)"))
    }

    private func readLeaders(_ limit: Duration) async -> [DatabaseFacts.Endpoint]? {
        guard !targets.patroniMembers.isEmpty else { return nil }
        let endpoints = self.endpoints, members = targets.patroniMembers
        return await Deadline.run(limit) { await endpoints.leaderAnswers(members) }
            ?? members.map { .init(name: ServiceEndpoints.host(of: $0), healthy: false, detail: "no answer within \(limit)") }
    }

    private func readEtcd(_ limit: Duration) async -> [DatabaseFacts.Endpoint]? {
        guard !targets.etcdEndpoints.isEmpty else { return nil }
        let endpoints = self.endpoints, members = targets.etcdEndpoints
        return await Deadline.run(limit) { await endpoints.etcdHealth(members) }
            ?? members.map { .init(name: ServiceEndpoints.host(of: $0), healthy: false, detail: "no answer within \(limit)") }
    }

    private func readHAProxy(_ limit: Duration) async -> DatabaseFacts.Endpoint? {
        guard let host = targets.haproxyHost, let port = targets.haproxyPort else { return nil }
        let endpoints = self.endpoints, socket = targets.haproxyStatsSocket
        return await Deadline.run(limit) { await endpoints.haproxy(host: host, port: port, statsSocket: socket) }
            ?? .init(name: "haproxy \(host):\(port)", healthy: false, detail: "no answer within \(limit)")
    }
}
