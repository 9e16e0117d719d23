/// What a frame carries. Values are fixed forever: they are part of the wire format.
public enum FrameKind: UInt8, Sendable, CaseIterable {
    /// First frame each side sends after the TLS handshake: who I claim to be.
    case hello = 1
    /// Transport keep-alive and round-trip measurement.
    case ping = 2
    case pong = 3
    /// A message of the gossip (membership) layer.
    case gossip = 4
    /// A message of the quorum (Raft) layer.
    case raft = 5
    /// An admin query or mutation, and its answer.
    case adminRequest = 6
    case adminResponse = 7
    /// The sender is closing the connection, and why.
    case goodbye = 8
    /// A fleet operation's traffic between the coordinator and a node: run, query or cancel an attempt,
    /// await a health gate, and the answers. Older agents skip it (and are never asked: the
    /// operations feature gates every operation).
    case operation = 9
    /// An artifact of an operation on its way to a target: offers, chunks (a header, then raw bytes)
    /// and acknowledgements. Older agents skip it, and an origin that hears nothing back fails the
    /// transfer with a reason instead of waiting.
    case artifact = 10
    /// `nodeagent diagnose --all`: a node asks a peer to run its checks, and the peer answers with its
    /// findings. Older agents skip the kind, and the asker shows them as "no answer" after its wait.
    case diagnose = 11
    /// `nodeagent events --all-nodes` / `--node N`: a node asks a peer for its event history (a query)
    /// and the peer answers with the records. Older agents skip the kind; the asker shows "no answer".
    case events = 12
}
