#if os(Linux)
/// One member as Patroni's `GET /cluster` lists it. Beware: with etcd's quorum lost, `/cluster` still
/// shows the old leader; only each member's own REST status codes (`/leader`, `/primary`) tell.
struct DBMember: Sendable, Equatable {
    let name: String
    /// "leader", "replica", "sync_standby"…
    let role: String
    /// "running", "streaming", "starting", "stopped"…
    let state: String
    let timeline: Int?
    /// Replication lag in bytes as Patroni reports it (replicas only).
    let lag: Int?

    /// Reads one entry of `/cluster`'s "members" array; nil when it lacks a name or role.
    init?(json: [String: Any]) {
        guard let name = json["name"] as? String, let role = json["role"] as? String else { return nil }
        self.name = name
        self.role = role
        state = json["state"] as? String ?? ""
        timeline = json["timeline"] as? Int
        lag = json["lag"] as? Int
    }
}
#endif
