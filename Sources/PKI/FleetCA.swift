import Crypto
import Foundation
import SwiftASN1
import X509

/// The fleet's certificate authority: one per fleet, the only trust root the agents accept.
///
/// Every agent and admin client presents a certificate signed by this CA, and trusts exactly this CA,
/// so whoever holds `ca.key` can join the fleet or act as an admin: keep it off the nodes if you can.
/// The certificates made here are ordinary X.509 v3 (ECDSA P-256, SHA-256) and can equally be made with
/// the openssl commands in `certs/README.md`; a CA made with openssl can be loaded here and vice versa.
public struct FleetCA: Sendable {
    /// File name of the CA certificate in a certificate directory.
    public static let certificateFileName = "ca.pem"
    /// File name of the CA private key in a certificate directory.
    public static let privateKeyFileName = "ca.key"
    /// The CN of a CA when the operator gives none.
    public static let defaultCommonName = "nodeagent fleet CA"
    /// Default validity of the CA, in days (ten years: a CA rotation re-issues every certificate).
    public static let defaultCADays = 3650
    /// Default validity of a node or admin certificate, in days.
    public static let defaultDays = 365
    /// Longest validity we issue, in days.
    public static let maximumDays = 3650
    /// How far notBefore is backdated, so a peer whose clock runs a little behind accepts a new certificate.
    public static let clockSkewAllowance: TimeInterval = 5 * 60

    /// The CA certificate.
    public let certificate: Certificate
    /// The CA certificate in PEM, as written to `ca.pem`.
    public let certificatePEM: String
    /// The directory the CA was created in or loaded from, nil for an in-memory CA.
    public let directory: String?
    /// The CA's signing key; never leaves this type except through `create`.
    let privateKey: Certificate.PrivateKey
    /// The CA's key in PEM, kept to write it out exactly once.
    let privateKeyPEM: String

    /// What the CA certificate says about itself (its CN is `issuerCommonName` of what it issues).
    public var commonName: String? {
        FleetSubject.values(of: .RDNAttributeType.commonName, in: certificate.subject).first
    }

    /// Makes a new self-signed fleet CA in memory, with a fresh P-256 key.
    public static func generate(
        commonName: String = defaultCommonName,
        days: Int = defaultCADays,
        now: Date = Date()
    ) throws(PKIError) -> FleetCA {
        try validate(commonName: commonName)
        try validate(days: days)
        let key = P256.Signing.PrivateKey()
        let privateKey = Certificate.PrivateKey(key)
        let subject = FleetSubject.caSubject(commonName: commonName)
        let certificate = try sign {
            try Certificate(
                version: .v3,
                serialNumber: randomSerial(),
                publicKey: privateKey.publicKey,
                notValidBefore: now - clockSkewAllowance,
                notValidAfter: now + TimeInterval(days) * 86_400,
                issuer: subject,
                subject: subject,
                extensions: caExtensions(publicKey: privateKey.publicKey),
                issuerPrivateKey: privateKey
            )
        }
        return try FleetCA(certificate: certificate, privateKey: privateKey, keyPEM: key.pemRepresentation, directory: nil)
    }

    /// Creates the fleet CA and writes `ca.pem` (0644) and `ca.key` (0600) into `directory`, creating the
    /// directory if needed. Refuses to replace an existing CA unless `force`, because replacing it
    /// silently would lock every existing node out of the fleet.
    @discardableResult
    public static func create(
        directory: String,
        commonName: String = defaultCommonName,
        days: Int = defaultCADays,
        force: Bool = false,
        now: Date = Date()
    ) throws(PKIError) -> FleetCA {
        let certificatePath = path(directory, certificateFileName)
        let keyPath = path(directory, privateKeyFileName)
        try validate(commonName: commonName)
        try validate(days: days)
        try SecureFile.refuseExisting([certificatePath, keyPath], force: force)
        let ca = try generate(commonName: commonName, days: days, now: now)
        try SecureFile.ensureDirectory(directory)
        try SecureFile.store(ca.privateKeyPEM, to: keyPath, mode: SecureFile.privateMode, force: force)
        try SecureFile.store(ca.certificatePEM, to: certificatePath, mode: SecureFile.publicMode, force: force)
        return try FleetCA(certificate: ca.certificate, privateKey: ca.privateKey, keyPEM: ca.privateKeyPEM, directory: directory)
    }

    /// Loads `ca.pem` and `ca.key` from `directory` (made by `create` or by openssl).
    public static func load(directory: String) throws(PKIError) -> FleetCA {
        try load(
            certificatePath: path(directory, certificateFileName),
            privateKeyPath: path(directory, privateKeyFileName),
            directory: directory
        )
    }

    /// Loads a CA from explicit paths. The certificate may be PEM or DER; the key PEM PKCS#8 or SEC1.
    /// Checks that the certificate is a CA and that the key belongs to it, so a mixed-up directory fails
    /// here and not later at every handshake.
    public static func load(certificatePath: String, privateKeyPath: String, directory: String? = nil) throws(PKIError) -> FleetCA {
        let certificate = try readCertificate(certificatePath)
        let (privateKey, keyPEM) = try readPrivateKey(privateKeyPath)
        guard case .some(.isCertificateAuthority) = try? certificate.extensions.basicConstraints else {
            throw .notACertificateAuthority(path: certificatePath)
        }
        guard privateKey.publicKey == certificate.publicKey else {
            throw .keyMismatch(certificatePath: certificatePath, keyPath: privateKeyPath)
        }
        return try FleetCA(certificate: certificate, privateKey: privateKey, keyPEM: keyPEM, directory: directory)
    }

    private init(certificate: Certificate, privateKey: Certificate.PrivateKey, keyPEM: String, directory: String?) throws(PKIError) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.privateKeyPEM = keyPEM
        self.directory = directory
        do {
            var serializer = DER.Serializer()
            try serializer.serialize(certificate)
            self.certificatePEM = PEMBlock.encode(label: "CERTIFICATE", der: serializer.serializedBytes)
        } catch {
            throw .signingFailed(reason: String(describing: error))
        }
    }

    static func path(_ directory: String, _ file: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(file).path
    }

    static func validate(days: Int) throws(PKIError) {
        guard (1...maximumDays).contains(days) else { throw .invalidDays(days) }
    }

    static func validate(commonName: String) throws(PKIError) {
        let ok = !commonName.isEmpty && commonName.count <= 64
            && !commonName.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        guard ok else { throw .invalidCommonName(commonName) }
    }

    /// A random positive 16-byte serial whose first byte is never zero, so it stays 16 bytes in DER.
    static func randomSerial() -> Certificate.SerialNumber {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[0] = (bytes[0] & 0x7f) | 0x40
        return Certificate.SerialNumber(bytes: bytes)
    }

    /// Runs a throwing X.509 build step and maps its error into `PKIError.signingFailed`.
    static func sign<T>(_ body: () throws -> T) throws(PKIError) -> T {
        do {
            return try body()
        } catch let error as PKIError {
            throw error
        } catch {
            throw .signingFailed(reason: String(describing: error))
        }
    }

    private static func caExtensions(publicKey: Certificate.PublicKey) throws -> Certificate.Extensions {
        try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(hash: publicKey)
        }
    }

    private static func readCertificate(_ path: String) throws(PKIError) -> Certificate {
        let bytes = try SecureFile.contents(path)
        let text = String(decoding: bytes, as: UTF8.self)
        let der = PEMBlock.blocks(in: text).first(where: { $0.label == "CERTIFICATE" })?.der ?? bytes
        do {
            return try Certificate(derEncoded: der)
        } catch {
            throw .invalidCertificate(path: path, reason: String(describing: error))
        }
    }

    private static func readPrivateKey(_ path: String) throws(PKIError) -> (Certificate.PrivateKey, String) {
        let text = String(decoding: try SecureFile.contents(path), as: UTF8.self)
        let blocks = PEMBlock.blocks(in: text)
        if text.contains("Proc-Type: 4,ENCRYPTED") || blocks.contains(where: { $0.label == "ENCRYPTED PRIVATE KEY" }) {
            throw .encryptedPrivateKey(path: path)
        }
        let labels: Set = ["PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY"]
        guard let block = blocks.first(where: { labels.contains($0.label) }) else {
            throw .invalidPrivateKey(path: path, reason: "no PEM PRIVATE KEY or EC PRIVATE KEY block")
        }
        do {
            let key = try Certificate.PrivateKey(pemDocument: PEMDocument(type: block.label, derBytes: block.der))
            return (key, PEMBlock.encode(label: block.label, der: block.der))
        } catch {
            throw .invalidPrivateKey(path: path, reason: String(describing: error))
        }
    }
}
