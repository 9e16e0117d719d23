import Foundation
import NIOSSL
import SwiftASN1
import X509

/// The files that make a node's TLS identity, loaded and checked once, so that a bad file is reported at
/// start (or on reload) with its path instead of failing every handshake later.
public struct TLSMaterial: Sendable {
    public let caCertificates: [X509.Certificate]
    public let chain: [NIOSSLCertificate]
    public let privateKey: NIOSSLPrivateKey
    /// The TLS contexts built from the material; shared by every connection until the next reload.
    public let serverContext: NIOSSLContext
    public let clientContext: NIOSSLContext
    /// The certificate's own identity, so the agent can refuse to start under a name its certificate
    /// does not carry.
    public let ownCertificate: X509.Certificate

    /// Loads the CA bundle, the node's certificate chain and its key.
    public init(caPath: String, certificatePath: String, keyPath: String) throws(TLSMaterialError) {
        caCertificates = try TLSMaterial.loadX509(path: caPath, what: "CA certificate")
        chain = try TLSMaterial.loadNIOChain(path: certificatePath)
        privateKey = try TLSMaterial.loadKey(path: keyPath)
        let own = try TLSMaterial.loadX509(path: certificatePath, what: "certificate")
        ownCertificate = own[0]
        let sslCAs = try TLSMaterial.loadNIOChain(path: caPath)
        serverContext = try TLSMaterial.makeContext(server: true, chain: chain, key: privateKey, roots: sslCAs)
        clientContext = try TLSMaterial.makeContext(server: false, chain: chain, key: privateKey, roots: sslCAs)
    }

    private static func read(path: String, what: String) throws(TLSMaterialError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, what: what)
        }
        return Array(data)
    }

    private static func loadX509(path: String, what: String) throws(TLSMaterialError) -> [X509.Certificate] {
        let bytes = try read(path: path, what: what)
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            let documents = try PEMDocument.parseMultiple(pemString: text)
            let certificates = try documents.map { try X509.Certificate(pemDocument: $0) }
            guard !certificates.isEmpty else { throw TLSMaterialError.invalid(path: path, reason: "no certificate in file") }
            return certificates
        } catch let error as TLSMaterialError {
            throw error
        } catch {
            throw .invalid(path: path, reason: "not a PEM \(what): \(error)")
        }
    }

    private static func loadNIOChain(path: String) throws(TLSMaterialError) -> [NIOSSLCertificate] {
        let bytes = try read(path: path, what: "certificate")
        do {
            return try NIOSSLCertificate.fromPEMBytes(bytes)
        } catch {
            throw .invalid(path: path, reason: "not a PEM certificate chain: \(error)")
        }
    }

    private static func loadKey(path: String) throws(TLSMaterialError) -> NIOSSLPrivateKey {
        let bytes = try read(path: path, what: "private key")
        do {
            return try NIOSSLPrivateKey(bytes: bytes, format: .pem)
        } catch {
            throw .invalid(path: path, reason: "not a PEM private key: \(error)")
        }
    }

    private static func makeContext(
        server: Bool, chain: [NIOSSLCertificate], key: NIOSSLPrivateKey, roots: [NIOSSLCertificate]
    ) throws(TLSMaterialError) -> NIOSSLContext {
        var configuration = server
            ? TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            : TLSConfiguration.makeClientConfiguration()
        if !server {
            configuration.certificateChain = chain.map { .certificate($0) }
            configuration.privateKey = .privateKey(key)
        }
        configuration.minimumTLSVersion = .tlsv13
        configuration.maximumTLSVersion = .tlsv13
        // Both sides require a certificate; the chain itself is judged by `PeerVerifier` (a custom
        // callback) so a refusal can name its reason. Hostnames are not checked: peers are dialled by IP
        // and identified by the node name they claim, which must equal their certificate's SAN.
        configuration.certificateVerification = .noHostnameVerification
        configuration.trustRoots = .certificates(roots)
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw .invalid(path: "", reason: "the certificate and key do not make a TLS context: \(error)")
        }
    }
}
