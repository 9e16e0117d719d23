import Foundation
import X509

/// When a certificate file stops being usable, for any certificate (the fleet CA has no SAN, so
/// `PeerIdentity` refuses it). `nodeagent diagnose` reads the node's own certificate and the CA with
/// it, so an expiry weeks away is seen before the mesh refuses the node.
public struct CertificateValidity: Sendable, Equatable {
    /// The subject's CN, to name the certificate in evidence (nil when it has none).
    public let commonName: String?
    /// Start of validity.
    public let notBefore: Date
    /// End of validity.
    public let notAfter: Date

    /// Reads the first `CERTIFICATE` block of PEM text. Total: any input yields a value or an error.
    public init(pemEncoded text: String) throws(PeerIdentityError) {
        guard !text.isEmpty else { throw .empty }
        guard text.utf8.count <= PeerIdentity.maximumCertificateBytes * 2 else {
            throw .tooLarge(bytes: text.utf8.count, limit: PeerIdentity.maximumCertificateBytes * 2)
        }
        guard let block = PEMBlock.blocks(in: text).first(where: { $0.label == "CERTIFICATE" }) else {
            throw .noCertificateInPEM
        }
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: block.der)
        } catch {
            throw .malformedCertificate(reason: String(describing: error))
        }
        commonName = FleetSubject.values(of: .RDNAttributeType.commonName, in: certificate.subject).first
        notBefore = certificate.notValidBefore
        notAfter = certificate.notValidAfter
    }
}
