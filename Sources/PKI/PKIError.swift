import Foundation

/// Why making, loading or issuing fleet certificates failed.
///
/// Every case names the file or value at fault, because the operator reading the message is usually
/// at a shell on one node of the fleet and needs to know which file to fix, not a stack trace.
public enum PKIError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A node or admin name that is not a lowercase DNS label (it must equal the SAN the peers check).
    case invalidName(name: String, reason: String)
    /// A role that would not survive a round trip through an openssl `-subj` argument.
    case invalidRole(role: String, reason: String)
    /// A CA common name that is empty, too long or contains control characters.
    case invalidCommonName(String)
    /// A validity period in days outside 1…3650.
    case invalidDays(Int)
    /// A validity window whose end is not after its start.
    case invalidValidity(from: Date, until: Date)
    /// An in-memory CA was asked to write a certificate without being told where.
    case noDirectory
    /// A file we were asked to write already exists and `force` was not given.
    case alreadyExists(path: String)
    /// A file we need to read does not exist.
    case missingFile(path: String)
    /// The operating system refused a file operation.
    case fileSystem(path: String, operation: String, reason: String)
    /// A certificate file that is not a PEM or DER X.509 certificate we can read.
    case invalidCertificate(path: String, reason: String)
    /// A private key file that is not a PEM PKCS#8 or SEC1 key we can read.
    case invalidPrivateKey(path: String, reason: String)
    /// A passphrase-protected key: the agent runs unattended and cannot ask for a passphrase.
    case encryptedPrivateKey(path: String)
    /// The certificate loaded as the fleet CA is not marked as a CA (basicConstraints CA:TRUE).
    case notACertificateAuthority(path: String)
    /// The CA private key does not belong to the CA certificate.
    case keyMismatch(certificatePath: String, keyPath: String)
    /// Building or signing a certificate failed inside the X.509 library.
    case signingFailed(reason: String)

    public var description: String {
        switch self {
        case .invalidName(let name, let reason):
            return "invalid name \"\(name)\": \(reason)"
        case .invalidRole(let role, let reason):
            return "invalid role \"\(role)\": \(reason)"
        case .invalidCommonName(let name):
            return "invalid CA common name \"\(name)\": must be 1 to 64 printable characters"
        case .invalidDays(let days):
            return "invalid validity of \(days) days: must be between 1 and \(FleetCA.maximumDays)"
        case .invalidValidity(let from, let until):
            return "invalid validity window: end \(until) is not after start \(from)"
        case .noDirectory:
            return "no directory to write the certificate into (the CA was made in memory)"
        case .alreadyExists(let path):
            return "\(path) already exists; refusing to overwrite it (use --force to replace it)"
        case .missingFile(let path):
            return "\(path) does not exist"
        case .fileSystem(let path, let operation, let reason):
            return "cannot \(operation) \(path): \(reason)"
        case .invalidCertificate(let path, let reason):
            return "\(path) is not a usable certificate: \(reason)"
        case .invalidPrivateKey(let path, let reason):
            return "\(path) is not a usable private key: \(reason)"
        case .encryptedPrivateKey(let path):
            return "\(path) is encrypted; decrypt it with `openssl pkey -in \(path) -out \(path)` first"
        case .notACertificateAuthority(let path):
            return "\(path) is not a CA certificate (basicConstraints CA:TRUE is missing)"
        case .keyMismatch(let certificatePath, let keyPath):
            return "\(keyPath) is not the private key of \(certificatePath)"
        case .signingFailed(let reason):
            return "could not build or sign the certificate: \(reason)"
        }
    }
}
