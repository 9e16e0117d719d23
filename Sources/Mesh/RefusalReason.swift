import Foundation
import NIOSSL

/// Why a connection was refused. Each case is one line in the journal (`NODEAGENT_REASON`) and one code
/// (`NODEAGENT_REFUSAL`) that tests and alerting can match on.
public enum RefusalReason: Error, Sendable, Equatable, CustomStringConvertible {
    case notTLS
    case tlsVersion
    case noCertificate
    case untrustedIssuer(issuer: String)
    case expired(notAfter: Date)
    case notYetValid(notBefore: Date)
    case revoked(serial: String)
    case unreadableCertificate(String)
    case policy(String)
    case nameMismatch(certificate: String, claimed: String)
    case unexpectedPeer(expected: String, actual: String)
    case adminCertificateAsNode(name: String)
    case readerCertificateAsNode(name: String)
    case nodeCertificateOnAdminEndpoint(name: String)
    case nodeCertificateMutation(name: String, command: String)
    case wrongPurpose(String)
    case impersonatesSelf(name: String)
    case frame(String)
    case protocolViolation(String)
    case handshakeTimeout
    case tlsFailure(String)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .notTLS: return "not_tls"
        case .tlsVersion: return "tls_version"
        case .noCertificate: return "no_certificate"
        case .untrustedIssuer: return "untrusted_issuer"
        case .expired: return "expired"
        case .notYetValid: return "not_yet_valid"
        case .revoked: return "revoked"
        case .unreadableCertificate: return "unreadable_certificate"
        case .policy: return "certificate_policy"
        case .nameMismatch: return "name_mismatch"
        case .unexpectedPeer: return "unexpected_peer"
        case .adminCertificateAsNode: return "admin_certificate_as_node"
        case .readerCertificateAsNode: return "reader_certificate_as_node"
        case .nodeCertificateOnAdminEndpoint: return "node_certificate_on_admin_endpoint"
        case .nodeCertificateMutation: return "node_certificate_mutation"
        case .wrongPurpose: return "wrong_purpose"
        case .impersonatesSelf: return "impersonates_self"
        case .frame: return "bad_frame"
        case .protocolViolation: return "protocol_violation"
        case .handshakeTimeout: return "handshake_timeout"
        case .tlsFailure: return "tls_failure"
        }
    }

    public var description: String {
        switch self {
        case .notTLS: return "not a TLS client (plaintext or another protocol)"
        case .tlsVersion: return "TLS version below 1.3 offered"
        case .noCertificate: return "no client certificate presented"
        case let .untrustedIssuer(issuer): return "certificate not issued by the fleet CA (issuer \(issuer))"
        case let .expired(notAfter): return "certificate expired at \(Self.format(notAfter))"
        case let .notYetValid(notBefore): return "certificate not valid before \(Self.format(notBefore))"
        case let .revoked(serial): return "certificate serial \(serial) is revoked"
        case let .unreadableCertificate(detail): return "unreadable certificate: \(detail)"
        case let .policy(detail): return "certificate rejected: \(detail)"
        case let .nameMismatch(certificate, claimed):
            return "certificate SAN \"\(certificate)\" does not match claimed node \"\(claimed)\""
        case let .unexpectedPeer(expected, actual): return "expected node \"\(expected)\" but reached \"\(actual)\""
        case let .adminCertificateAsNode(name): return "admin certificate \"\(name)\" cannot join as a node"
        case let .readerCertificateAsNode(name): return "reader certificate \"\(name)\" cannot join as a node"
        case let .nodeCertificateOnAdminEndpoint(name):
            return "node certificate \"\(name)\" on the admin endpoint (admin and reader certificates only)"
        case let .nodeCertificateMutation(name, command):
            return "node certificate \"\(name)\" cannot issue admin mutation \"\(command)\""
        case let .wrongPurpose(detail): return detail
        case let .impersonatesSelf(name): return "peer claims this node's own name \"\(name)\""
        case let .frame(detail): return detail
        case let .protocolViolation(detail): return "protocol violation: \(detail)"
        case .handshakeTimeout: return "no TLS handshake and hello within the handshake timeout"
        case let .tlsFailure(detail): return "TLS handshake failed: \(detail)"
        }
    }

    /// Classifies an error raised by the TLS layer. `verdict` is what our verifier said, if it ran.
    static func classify(_ error: any Error, verdict: RefusalReason?) -> RefusalReason {
        if let verdict { return verdict }
        let text = "\(error)"
        let patterns: [(String, RefusalReason)] = [
            ("PEER_DID_NOT_RETURN_A_CERTIFICATE", .noCertificate),
            ("CERTIFICATE_REQUIRED", .noCertificate),
            ("WRONG_VERSION_NUMBER", .notTLS),
            ("HTTP_REQUEST", .notTLS),
            ("UNKNOWN_PROTOCOL", .notTLS),
            ("PACKET_LENGTH_TOO_LONG", .notTLS),
            ("RECORD_LENGTH_MISMATCH", .notTLS),
            ("UNSUPPORTED_PROTOCOL", .tlsVersion),
            ("PROTOCOL_VERSION", .tlsVersion),
        ]
        for (pattern, reason) in patterns where text.contains(pattern) { return reason }
        if case NIOSSLError.uncleanShutdown = error { return .tlsFailure("connection closed during the handshake") }
        return .tlsFailure(text)
    }

    private static func format(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
