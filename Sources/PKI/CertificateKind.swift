/// What a fleet certificate is for, read from its subject's `OU`.
///
/// The kind decides where a certificate is accepted: only a node certificate joins the mesh, only an
/// admin certificate may change the fleet, and a reader certificate (for a dashboard, Prometheus or a
/// monitoring script) may query everything and change nothing.
public enum CertificateKind: String, Sendable, Equatable, CaseIterable {
    case node
    case admin
    case reader

    /// The organizational unit the subject carries for this kind.
    public var organizationalUnit: String { rawValue }
}
