import Crypto
import Foundation
import SwiftASN1
import X509

/// Who a certificate says its holder is, in the terms nodeagent checks.
///
/// The transport hands us the DER of the peer's leaf certificate after BoringSSL has verified the chain to
/// the fleet CA; this type turns it into the facts the agent decides on: which node it is (the SAN DNS
/// name, never the CN, because the SAN is what a certificate is issued for), whether it may perform admin
/// mutations (OU=admin), and the serial to look up in the revocation list. Parsing is pure and total: any
/// input either yields an identity or a `PeerIdentityError`.
public struct PeerIdentity: Sendable, Hashable {
    /// Input above this size is refused unparsed; fleet certificates are well under 2 KiB.
    public static let maximumCertificateBytes = 64 * 1024

    /// The node (or admin) name: the first non-empty DNS name of the subjectAltName.
    public let name: String
    /// Node, admin or reader, from the subject's OU (a certificate without a known OU is a node's).
    public let kind: CertificateKind
    /// True when the subject carries OU=admin: an operator's client certificate.
    public var isAdmin: Bool { kind == .admin }
    /// True for a node's own certificate: the only kind that may join the mesh as a peer.
    public var isNode: Bool { kind == .node }
    /// The node's role from the subject's `title` attribute, if any.
    public let role: String?
    /// The serial number in lowercase hex without leading zeros (see `RevocationList`).
    public let serialHex: String
    /// Start of validity.
    public let notBefore: Date
    /// End of validity.
    public let notAfter: Date
    /// SHA-256 of the DER certificate, lowercase hex without colons.
    public let fingerprintSHA256: String
    /// The issuer's CN, which tells certificates of different fleet CAs apart in logs.
    public let issuerCommonName: String?

    /// Reads the identity from DER bytes, as the TLS stack hands them over.
    public init(derBytes: [UInt8]) throws(PeerIdentityError) {
        guard !derBytes.isEmpty else { throw .empty }
        guard derBytes.count <= Self.maximumCertificateBytes else {
            throw .tooLarge(bytes: derBytes.count, limit: Self.maximumCertificateBytes)
        }
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: derBytes)
        } catch {
            throw .malformedCertificate(reason: String(describing: error))
        }
        try self.init(certificate: certificate, derBytes: derBytes)
    }

    /// Reads the identity from the first `CERTIFICATE` block of PEM text (a node's `.pem` file).
    public init(pemEncoded text: String) throws(PeerIdentityError) {
        guard !text.isEmpty else { throw .empty }
        guard text.utf8.count <= Self.maximumCertificateBytes * 2 else {
            throw .tooLarge(bytes: text.utf8.count, limit: Self.maximumCertificateBytes * 2)
        }
        guard let block = PEMBlock.blocks(in: text).first(where: { $0.label == "CERTIFICATE" }) else {
            throw .noCertificateInPEM
        }
        try self.init(derBytes: block.der)
    }

    /// Reads the identity from an already parsed certificate.
    public init(certificate: Certificate) throws(PeerIdentityError) {
        let der: [UInt8]
        do {
            var serializer = DER.Serializer()
            try serializer.serialize(certificate)
            der = serializer.serializedBytes
        } catch {
            throw .malformedCertificate(reason: String(describing: error))
        }
        try self.init(certificate: certificate, derBytes: der)
    }

    private init(certificate: Certificate, derBytes: [UInt8]) throws(PeerIdentityError) {
        self.name = try Self.dnsName(of: certificate)
        let units = FleetSubject.values(of: .RDNAttributeType.organizationalUnitName, in: certificate.subject)
        // Admin wins over reader if a certificate claims both: it was issued by the fleet CA either way,
        // and refusing it here would lock an operator out with no better message.
        if units.contains(FleetSubject.adminUnit) {
            self.kind = CertificateKind.admin
        } else if units.contains(FleetSubject.readerUnit) {
            self.kind = CertificateKind.reader
        } else {
            self.kind = CertificateKind.node
        }
        self.role = FleetSubject.values(of: FleetSubject.roleAttribute, in: certificate.subject).first
        self.serialHex = Hex.canonicalSerial(Substring(Hex.encode(certificate.serialNumber.bytes))) ?? "0"
        self.notBefore = certificate.notValidBefore
        self.notAfter = certificate.notValidAfter
        self.fingerprintSHA256 = Hex.encode(SHA256.hash(data: derBytes))
        self.issuerCommonName = FleetSubject.values(of: .RDNAttributeType.commonName, in: certificate.issuer).first
    }

    private static func dnsName(of certificate: Certificate) throws(PeerIdentityError) -> String {
        let names: SubjectAlternativeNames?
        do {
            names = try certificate.extensions.subjectAlternativeNames
        } catch {
            throw .malformedExtension(name: "subjectAltName", reason: String(describing: error))
        }
        for entry in names ?? SubjectAlternativeNames() {
            if case .dnsName(let dns) = entry, !dns.isEmpty { return dns }
        }
        throw .noSubjectAlternativeName
    }

    /// True when `now` lies within notBefore…notAfter.
    public func isValid(at now: Date) -> Bool {
        notBefore <= now && now <= notAfter
    }

    /// The checks nodeagent makes after the TLS stack verified the chain: the SAN equals the name the
    /// peer claims (pass nil when the peer claims none, e.g. an admin client), the certificate is within
    /// its validity at `now`, its serial is not revoked, and, for admin mutations, it is an admin
    /// certificate. Throws the first failed check.
    public func check(
        claimedName: String?,
        now: Date,
        revocations: RevocationList = RevocationList(),
        requireAdmin: Bool = false
    ) throws(PeerCheckError) {
        if let claimedName, claimedName != name {
            throw .nameMismatch(claimed: claimedName, certified: name)
        }
        if now < notBefore { throw .notYetValid(name: name, notBefore: notBefore) }
        if now > notAfter { throw .expired(name: name, notAfter: notAfter) }
        if revocations.contains(serialHex: serialHex) { throw .revoked(name: name, serialHex: serialHex) }
        if requireAdmin && !isAdmin { throw .notAdmin(name: name) }
    }
}
