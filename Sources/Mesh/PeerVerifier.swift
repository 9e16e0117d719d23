import Foundation
import NIOSSL
import PKI
import X509

/// Judges the certificate chain a peer presents during the TLS handshake.
///
/// BoringSSL's own verification only says "verify failed"; doing the check here, with swift-certificates'
/// RFC 5280 verifier, lets every refusal carry its reason (expired, another CA, revoked) into the journal.
public struct PeerVerifier: Sendable {
    public let roots: [X509.Certificate]
    /// Certificates the operator has revoked (by serial).
    public let revocations: RevocationList

    public init(roots: [X509.Certificate], revocations: RevocationList = RevocationList()) {
        self.roots = roots
        self.revocations = revocations
    }

    /// The verdict on a presented chain, judged at `now`.
    public func verify(chain: [NIOSSLCertificate], now: Date = Date()) async -> PeerVerdict {
        let certificates: [X509.Certificate]
        do {
            certificates = try chain.map { try X509.Certificate(derEncoded: try $0.toDERBytes()) }
        } catch {
            return .refused(.unreadableCertificate("\(error)"))
        }
        guard let leaf = certificates.first else { return .refused(.noCertificate) }
        if let refusal = checkValidity(of: leaf, now: now) { return .refused(refusal) }
        if let identity = try? PeerIdentity(certificate: leaf), revocations.contains(identity) {
            return .refused(.revoked(serial: identity.serialHex))
        }
        var verifier = Verifier(rootCertificates: CertificateStore(roots)) {
            RFC5280Policy()
        }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(Array(certificates.dropFirst())))
        switch result {
        case .validCertificate:
            return .trusted(leaf)
        case let .couldNotValidate(failures):
            if failures.isEmpty { return .refused(.untrustedIssuer(issuer: "\(leaf.issuer)")) }
            return .refused(.policy(failures.map { "\($0.policyFailureReason)" }.joined(separator: "; ")))
        }
    }

    private func checkValidity(of leaf: X509.Certificate, now: Date) -> RefusalReason? {
        if now > leaf.notValidAfter { return .expired(notAfter: leaf.notValidAfter) }
        if now < leaf.notValidBefore { return .notYetValid(notBefore: leaf.notValidBefore) }
        return nil
    }
}

/// What `PeerVerifier` concluded.
public enum PeerVerdict: Sendable {
    case trusted(X509.Certificate)
    case refused(RefusalReason)
}
