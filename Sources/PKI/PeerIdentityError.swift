/// Why a certificate presented by a peer (or read from a file) does not yield a fleet identity.
public enum PeerIdentityError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No input at all.
    case empty
    /// More bytes than any fleet certificate needs; refused before parsing so garbage cannot cost much.
    case tooLarge(bytes: Int, limit: Int)
    /// PEM text without a `CERTIFICATE` block.
    case noCertificateInPEM
    /// The bytes are not a DER X.509 certificate.
    case malformedCertificate(reason: String)
    /// An extension we rely on (subjectAltName) is present but cannot be decoded.
    case malformedExtension(name: String, reason: String)
    /// The certificate has no subjectAltName DNS entry, so it names no node.
    case noSubjectAlternativeName

    public var description: String {
        switch self {
        case .empty:
            return "no certificate bytes"
        case .tooLarge(let bytes, let limit):
            return "certificate of \(bytes) bytes exceeds the limit of \(limit) bytes"
        case .noCertificateInPEM:
            return "no -----BEGIN CERTIFICATE----- block found"
        case .malformedCertificate(let reason):
            return "not a valid X.509 certificate: \(reason)"
        case .malformedExtension(let name, let reason):
            return "certificate extension \(name) is malformed: \(reason)"
        case .noSubjectAlternativeName:
            return "certificate has no subjectAltName DNS name, so it names no node"
        }
    }
}
