import PKI
import Wire

/// Who sent an admin request, so the dispatcher can apply the rule that only administrators mutate.
public enum AdminCaller: Sendable, Equatable {
    /// The local Unix socket: only root can open it.
    case localSocket
    /// A remote client whose certificate is marked admin.
    case admin(name: String)
    /// Another node of the fleet, over its peer connection: queries only.
    case node(name: String)
    /// A client with a reader certificate (a dashboard, Prometheus, a script): queries only.
    case reader(name: String)

    public var mayMutate: Bool {
        switch self {
        case .localSocket, .admin: return true
        case .node, .reader: return false
        }
    }

    /// The caller a remote certificate speaks for.
    public init(certificate identity: PeerIdentity) {
        switch identity.kind {
        case .admin: self = .admin(name: identity.name)
        case .reader: self = .reader(name: identity.name)
        case .node: self = .node(name: identity.name)
        }
    }
}

/// Answers admin requests. Implemented by the agent; the transport only carries requests and enforces
/// who may mutate.
public protocol AdminDispatcher: Sendable {
    /// Whether `command` changes state (and so needs an admin identity).
    func isMutation(_ command: String) -> Bool
    func handle(_ request: AdminRequest, caller: AdminCaller) async -> AdminResponse
}
