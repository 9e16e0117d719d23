import Events
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The agent's monitoring connection to its node's PostgreSQL: one connection, kept open between
/// rounds (a connection per second would itself show up in `pg_stat_activity` and the log) and
/// opened again after any failure. Every query reads the server's own statistics views.
actor PostgresReader {
    private let target: DatabaseTargets.Postgres
    private let eventLoop: any EventLoop
    private let logger = Logger(label: "nodeagent.postgres")
    private var connection: PostgresConnection?
    private var nextID = 1

    init(target: DatabaseTargets.Postgres, eventLoop: any EventLoop) {
        self.target = target
        self.eventLoop = eventLoop
    }

    /// One round of facts, or why there are none.
    func read() async -> Result<DatabaseFacts.Postgres, SourceFailure> {
        do {
            let connection = try await connected()
            return .success(try await facts(connection))
        } catch {
            await drop()
            return .failure(SourceFailure("PostgreSQL at \(target.host):\(target.port): \(Self.describe(error))"))
        }
    }

    /// Closes the connection (after a failure or a timeout, and when the agent stops).
    func drop() async {
        guard let connection else { return }
        self.connection = nil
        try? await connection.close()
    }

    private func connected() async throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        var configuration = PostgresConnection.Configuration(host: target.host, port: target.port, username: target.user,
                                                             password: target.password, database: target.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(2)
        nextID += 1
        let connection = try await PostgresConnection.connect(on: eventLoop, configuration: configuration, id: nextID, logger: logger)
        self.connection = connection
        return connection
    }

    private func facts(_ connection: PostgresConnection) async throws -> DatabaseFacts.Postgres {
        let started = ContinuousClock.now
        try await single(connection, "SELECT 1::int8", as: Int.self)
        let ping = (ContinuousClock.now - started) / .milliseconds(1)
        let inRecovery = try await single(connection, "SELECT pg_is_in_recovery()", as: Bool.self)
        let (backends, maxConnections, reserved) = try await single(connection, """
            SELECT count(*) FILTER (WHERE backend_type = 'client backend')::int8,
                   current_setting('max_connections')::int8, current_setting('superuser_reserved_connections')::int8
            FROM pg_stat_activity
            """, as: (Int, Int, Int).self)
        let (deadlocks, hit, read, size) = try await single(connection, """
            SELECT coalesce(sum(deadlocks), 0)::float8, coalesce(sum(blks_hit), 0)::float8, coalesce(sum(blks_read), 0)::float8,
                   coalesce(sum(pg_database_size(datname)) FILTER (WHERE datname IS NOT NULL), 0)::float8
            FROM pg_stat_database
            """, as: (Double, Double, Double, Double).self)
        var facts = DatabaseFacts.Postgres(pingMilliseconds: ping, inRecovery: inRecovery, clientBackends: backends,
                                           maxConnections: maxConnections, reservedConnections: reserved, deadlocks: deadlocks,
                                           blocksHit: hit, blocksRead: read, databaseBytes: size)
        if inRecovery {
            let rows = try await connection.query("SELECT status FROM pg_stat_wal_receiver", logger: logger)
            for try await status in rows.decode(String.self) { facts.walReceiverStatus = status }
        } else {
            let rows = try await connection.query("""
                SELECT coalesce(application_name, ''), coalesce(state, ''),
                       coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::float8,
                       coalesce(extract(epoch FROM now() - reply_time), 0)::float8
                FROM pg_stat_replication
                """, logger: logger)
            for try await (name, state, behind, silence) in rows.decode((String, String, Double, Double).self) {
                facts.replicas.append(.init(name: name, state: state, behindBytes: behind, silenceSeconds: silence))
            }
        }
        return facts
    }

    @discardableResult
    private func single<T: PostgresDecodable & Sendable>(_ connection: PostgresConnection, _ sql: String, as type: T.Type) async throws -> T {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        for try await value in rows.decode(T.self) { return value }
        throw SourceFailure("no row from \(sql.prefix(40))")
    }

    private func single<A: PostgresDecodable & Sendable, B: PostgresDecodable & Sendable, C: PostgresDecodable & Sendable>(
        _ connection: PostgresConnection, _ sql: String, as type: (A, B, C).Type) async throws -> (A, B, C) {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        for try await value in rows.decode((A, B, C).self) { return value }
        throw SourceFailure("no row from \(sql.prefix(40))")
    }

    private func single<A: PostgresDecodable & Sendable, B: PostgresDecodable & Sendable, C: PostgresDecodable & Sendable, D: PostgresDecodable & Sendable>(
        _ connection: PostgresConnection, _ sql: String, as type: (A, B, C, D).Type) async throws -> (A, B, C, D) {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        for try await value in rows.decode((A, B, C, D).self) { return value }
        throw SourceFailure("no row from \(sql.prefix(40))")
    }

    /// PostgreSQL's own message when the server sent one ("sorry, too many clients already"), else the error.
    static func describe(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] { return message }
            if let underlying = psql.underlying { return ProbeErrorText.describe(underlying, budget: ProbeBudget(timeout: .seconds(2))) }
            return "\(psql.code)"
        }
        return ProbeErrorText.describe(error, budget: ProbeBudget(timeout: .seconds(2)))
    }
}
