import Foundation

/// Why a peer whose certificate chain the TLS stack accepted is still refused by nodeagent.
///
/// The chain to the fleet CA is verified by BoringSSL during the handshake; these are the checks that
/// only nodeagent can make, because they depend on who the peer claims to be and on local policy.
public enum PeerCheckError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The certificate's SAN names another node than the one the peer claims to be.
    case nameMismatch(claimed: String, certified: String)
    /// The certificate's notBefore lies in the future.
    case notYetValid(name: String, notBefore: Date)
    /// The certificate's notAfter has passed.
    case expired(name: String, notAfter: Date)
    /// The certificate's serial is in the revocation list.
    case revoked(name: String, serialHex: String)
    /// An admin action was attempted with a certificate that is not marked OU=admin.
    case notAdmin(name: String)

    public var description: String {
        switch self {
        case .nameMismatch(let claimed, let certified):
            return "peer claims to be \"\(claimed)\" but its certificate names \"\(certified)\""
        case .notYetValid(let name, let notBefore):
            return "certificate of \(name) is not valid before \(notBefore)"
        case .expired(let name, let notAfter):
            return "certificate of \(name) expired at \(notAfter)"
        case .revoked(let name, let serialHex):
            return "certificate of \(name) (serial \(serialHex)) is revoked"
        case .notAdmin(let name):
            return "certificate of \(name) is not an admin certificate (OU=admin)"
        }
    }
}
