/// journalctl's output as the journal checks read it: the message lines, without journalctl's own
/// "-- No entries --" style notes, or the reason the journal could not be read.
enum JournalLines {
    /// The message lines, or the finding that ends the check early (skipped, unreadable).
    enum Reading {
        case lines([Substring])
        case verdict(Finding)
    }

    static func lines(_ source: SourceText, check: String) -> Reading {
        switch source {
        case let .absent(reason): return .verdict(.unknown(check, "skipped: \(reason)"))
        case let .failed(reason):
            return .verdict(.unknown(check, "journalctl failed: \(reason.prefix(200))",
                                     remedy: "Run the same query by hand: `journalctl -k --since -\(DiagnosticThresholds.journalWindowHours)h`."))
        case let .read(text):
            if text.contains("No journal files were found") {
                return .verdict(.unknown(check, "skipped: this node keeps no journal files"))
            }
            if text.contains("insufficient permissions") || text.contains("not seeing messages from other users and the system") {
                return .verdict(.unknown(check, "the agent's user cannot read the system journal",
                                         remedy: "Add the agent's user to the systemd-journal group (`usermod -aG systemd-journal nodeagent`) and restart the agent."))
            }
            return .lines(text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-- ") && !$0.hasPrefix("Hint:") })
        }
    }
}
