import Foundation
import PKI

/// Certificates: when the node's own certificate and the fleet CA stop being valid. An expired node
/// certificate ends the node's mesh sessions; an expired CA ends every node's.
public enum CertificateCheck {
    public static let nodeName = "certificate"
    public static let caName = "ca-certificate"

    /// What is checked and how it is renewed.
    public enum Kind: Sendable {
        /// The node's certificate and key at these paths, issued for `node` with `role`.
        case node(node: String, role: String, certificatePath: String, keyPath: String)
        /// The fleet CA at this path.
        case ca(path: String)
    }

    /// `pem` is the file's text, or why it could not be read.
    public static func evaluate(_ kind: Kind, pem: SourceText, now: Date,
                                warningDays: Double = DiagnosticThresholds.certificateWarningDays,
                                criticalDays: Double = DiagnosticThresholds.certificateCriticalDays) -> Finding {
        let (name, path): (String, String) = switch kind {
        case let .node(_, _, certificatePath, _): (nodeName, certificatePath)
        case let .ca(path): (caName, path)
        }
        let text: String
        switch pem {
        case let .read(found): text = found
        case let .absent(reason), let .failed(reason):
            return Finding(check: name, status: .unknown, evidence: "cannot read \(path): \(reason)",
                           remedy: "Check the path in the [tls] section of the agent's config and the file's permissions.")
        }
        let validity: CertificateValidity
        do {
            validity = try CertificateValidity(pemEncoded: text)
        } catch {
            return Finding(check: name, status: .unknown, evidence: "\(path): \(error.description)",
                           remedy: "Compare with `openssl x509 -noout -dates -subject -in \(path)`; re-issue the file if it is damaged.")
        }
        let days = validity.notAfter.timeIntervalSince(now) / 86_400
        let date = ISO8601DateFormatter().string(from: validity.notAfter)
        let subject = validity.commonName.map { "\"\($0)\" " } ?? ""
        let evidence = days < 0 ? "\(subject)expired \(String(format: "%.1f", -days)) days ago (\(date))"
            : "\(subject)expires in \(String(format: "%.1f", days)) days (\(date))"
        let status: DiagnosticStatus = days < criticalDays ? .critical : days < warningDays ? .warning : .ok
        guard status != .ok else { return Finding(check: name, status: .ok, evidence: evidence) }
        return Finding(check: name, status: status, evidence: evidence, remedy: remedy(kind))
    }

    static func remedy(_ kind: Kind) -> String {
        switch kind {
        case let .node(node, role, certificatePath, keyPath):
            "Renew it where the fleet CA's key is kept: `nodeagent certs issue \(node) --role \(role) --days 365 --force --dir CA_DIR`, copy CA_DIR/\(node).pem to \(certificatePath) and CA_DIR/\(node).key to \(keyPath) on this node, then `systemctl reload nodeagent` (the agent re-reads its certificates; sessions stay up)."
        case .ca:
            "Plan the CA's replacement before it expires: `nodeagent certs init --dir NEW_CA_DIR --days 3650`, issue every node and admin certificate again from it, then install the new CA and certificates on all nodes and `systemctl reload nodeagent` on each in one window — a node trusts one CA, so old and new nodes cannot talk across it."
        }
    }
}
