/// What the shell got from a source a check reads: its text, or why there is none. `absent` means
/// the source does not exist on this node (no systemd, no journalctl, no sshd), a skip; `failed` means
/// it exists and could not be read, which an operator may want to fix.
public enum SourceText: Sendable, Equatable {
    case read(String)
    case absent(String)
    case failed(String)
}
