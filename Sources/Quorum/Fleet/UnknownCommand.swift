/// A fleet-state command of a kind this version does not know: written by a newer coordinator, read
/// here during a rolling update or after a rollback. It is kept as it came — in the log, in
/// replication, in snapshots — and applied as a no-op, so an older agent neither loses committed
/// entries nor stops following the log.
public struct UnknownCommand: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The command's kind, the key it is encoded under (e.g. `startOperation`).
    public var kind: String
    /// Its fields, exactly as the newer version encoded them.
    public var body: PreservedJSON

    public init(kind: String, body: PreservedJSON) {
        self.kind = kind
        self.body = body
    }

    public var description: String { "unknown command kind '\(kind)'" }
}
