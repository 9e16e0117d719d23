/// A freshly issued node or admin certificate with its private key.
///
/// Returned by `FleetCA` so that the CLI can print what it made and tests can hand the PEM straight to
/// the TLS stack without going through files.
public struct IssuedCertificate: Sendable {
    /// What the certificate says, parsed back from the bytes that were written.
    public let identity: PeerIdentity
    /// The certificate in DER.
    public let certificateDER: [UInt8]
    /// The certificate in PEM (`CERTIFICATE`).
    public let certificatePEM: String
    /// The private key in PEM (PKCS#8 `PRIVATE KEY`), loadable by swift-nio-ssl and openssl.
    public let privateKeyPEM: String
    /// Where the certificate was written (mode 0644), or nil when it was made in memory only.
    public let certificatePath: String?
    /// Where the key was written (mode 0600), or nil when it was made in memory only.
    public let privateKeyPath: String?

    /// The same certificate, now recorded as written to `certificatePath` and `privateKeyPath`.
    func written(certificatePath: String, privateKeyPath: String) -> IssuedCertificate {
        IssuedCertificate(
            identity: identity, certificateDER: certificateDER, certificatePEM: certificatePEM,
            privateKeyPEM: privateKeyPEM, certificatePath: certificatePath, privateKeyPath: privateKeyPath
        )
    }
}
