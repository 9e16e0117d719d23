/// Which ended operations the fleet state may drop: every finished or cancelled operation but the
/// newest `keep` of them, by start. Halted, paused and running ones stay, however old: they wait for
/// an operator. Journald keeps the full history on every node; the state keeps what `op list` needs.
public enum OperationRetention {
    public static let keep = 100
    /// At most this many per `forgetOperations` entry, so one entry stays small.
    public static let batch = 50

    public static func expired(_ operations: [String: FleetOperation], keep: Int = keep) -> [String] {
        let ended = operations.values.filter { $0.progress.status.isTerminal }.sorted { $0.startIndex < $1.startIndex }
        return Array(ended.dropLast(keep).prefix(batch).map(\.id))
    }
}
