import Crypto
import Foundation
import SwiftASN1
import X509

extension FleetCA {
    /// Issues a node, admin or reader certificate valid from `now` − 5 min to `now` + `days`, and writes
    /// `<name>.pem` (0644) and `<name>.key` (0600) into `directory` (default: the CA's own directory).
    ///
    /// Refuses to overwrite either file unless `force`; for a rotation, issue into a staging directory and
    /// move the files into place (see `certs/README.md`).
    @discardableResult
    public func issue(
        name: String,
        role: String? = nil,
        admin: Bool = false,
        reader: Bool = false,
        days: Int = FleetCA.defaultDays,
        directory: String? = nil,
        force: Bool = false,
        now: Date = Date()
    ) throws(PKIError) -> IssuedCertificate {
        try Self.validate(days: days)
        return try issue(
            name: name, role: role, admin: admin, reader: reader,
            validFrom: now - Self.clockSkewAllowance, validUntil: now + TimeInterval(days) * 86_400,
            directory: directory, force: force
        )
    }

    /// Issues a certificate with an explicit validity window and writes it like `issue(name:…days:…)`.
    ///
    /// No limit on the window beyond `validFrom < validUntil`: this is how tests make certificates that
    /// are already expired or not yet valid, to check that peers reject them.
    @discardableResult
    public func issue(
        name: String,
        role: String? = nil,
        admin: Bool = false,
        reader: Bool = false,
        validFrom: Date,
        validUntil: Date,
        directory: String? = nil,
        force: Bool = false
    ) throws(PKIError) -> IssuedCertificate {
        guard let directory = directory ?? self.directory else {
            throw .noDirectory
        }
        try FleetSubject.validateName(name)
        let certificatePath = Self.path(directory, name + ".pem")
        let keyPath = Self.path(directory, name + ".key")
        try SecureFile.refuseExisting([certificatePath, keyPath], force: force)
        let issued = try makeCertificate(name: name, role: role, admin: admin, reader: reader, validFrom: validFrom, validUntil: validUntil)
        try SecureFile.ensureDirectory(directory)
        try SecureFile.store(issued.privateKeyPEM, to: keyPath, mode: SecureFile.privateMode, force: force)
        try SecureFile.store(issued.certificatePEM, to: certificatePath, mode: SecureFile.publicMode, force: force)
        return issued.written(certificatePath: certificatePath, privateKeyPath: keyPath)
    }

    /// Makes a signed certificate and its key in memory, writing nothing: for tests that feed PEM straight
    /// to the TLS stack, and the building block of `issue`.
    public func makeCertificate(
        name: String,
        role: String? = nil,
        admin: Bool = false,
        reader: Bool = false,
        validFrom: Date,
        validUntil: Date
    ) throws(PKIError) -> IssuedCertificate {
        // An admin may do everything a reader may, so a request for both is an admin certificate.
        let kind: CertificateKind = admin ? .admin : reader ? .reader : .node
        try FleetSubject.validateName(name)
        if let role { try FleetSubject.validateRole(role) }
        guard validFrom < validUntil else { throw .invalidValidity(from: validFrom, until: validUntil) }
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PrivateKey(key).publicKey
        let certificate = try Self.sign {
            try Certificate(
                version: .v3,
                serialNumber: Self.randomSerial(),
                publicKey: publicKey,
                notValidBefore: validFrom,
                notValidAfter: validUntil,
                issuer: self.certificate.subject,
                subject: FleetSubject.subject(name: name, role: role, kind: kind),
                extensions: leafExtensions(name: name, publicKey: publicKey),
                issuerPrivateKey: self.privateKey
            )
        }
        let der = try Self.sign { () throws -> [UInt8] in
            var serializer = DER.Serializer()
            try serializer.serialize(certificate)
            return serializer.serializedBytes
        }
        let identity: PeerIdentity
        do {
            identity = try PeerIdentity(derBytes: der)
        } catch {
            throw .signingFailed(reason: "the issued certificate does not read back: \(error)")
        }
        return IssuedCertificate(
            identity: identity, certificateDER: der,
            certificatePEM: PEMBlock.encode(label: "CERTIFICATE", der: der),
            privateKeyPEM: key.pemRepresentation, certificatePath: nil, privateKeyPath: nil
        )
    }

    /// The CA's key identifier: from its SKI extension, or the RFC 5280 SHA-1 of its key when an
    /// externally made CA has none.
    private var authorityKeyID: ArraySlice<UInt8> {
        if let ski = try? certificate.extensions.subjectKeyIdentifier { return ski.keyIdentifier }
        return SubjectKeyIdentifier(hash: certificate.publicKey).keyIdentifier
    }

    private func leafExtensions(name: String, publicKey: Certificate.PublicKey) throws -> Certificate.Extensions {
        let authorityKeyID = self.authorityKeyID
        return try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.serverAuth, .clientAuth])
            SubjectAlternativeNames([.dnsName(name)])
            SubjectKeyIdentifier(hash: publicKey)
            AuthorityKeyIdentifier(keyIdentifier: authorityKeyID)
        }
    }
}
