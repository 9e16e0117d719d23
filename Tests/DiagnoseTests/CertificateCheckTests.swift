import Foundation
import PKI
import Testing
@testable import Diagnose

/// Certificate expiry with certificates issued by the project's own CA code, in memory.
@Suite struct CertificateCheckTests {
    let now = Date()

    func node(_ pem: String) -> (CertificateCheck.Kind, SourceText) {
        (.node(node: "app1", role: "app", certificatePath: "/etc/nodeagent/tls/app1.pem", keyPath: "/etc/nodeagent/tls/app1.key"), .read(pem))
    }

    @Test func aCertificateAboutToExpireIsCriticalWithARenewal() throws {
        let ca = try FleetCA.generate(now: now)
        let issued = try ca.makeCertificate(name: "app1", role: "app", validFrom: now.addingTimeInterval(-3600), validUntil: now.addingTimeInterval(2 * 86_400))
        let (kind, pem) = node(issued.certificatePEM)
        let finding = CertificateCheck.evaluate(kind, pem: pem, now: now)
        #expect(finding.check == "certificate" && finding.status == .critical, "\(finding)")
        #expect(finding.evidence.contains("\"app1\" expires in 2.0 days"))
        #expect(finding.remedy.contains("nodeagent certs issue app1 --role app --days 365 --force"))
        #expect(finding.remedy.contains("/etc/nodeagent/tls/app1.key") && finding.remedy.contains("systemctl reload nodeagent"))
    }

    @Test func boundsOverAYearlyCertificate() throws {
        let ca = try FleetCA.generate(now: now)
        let issued = try ca.makeCertificate(name: "app1", role: "app", validFrom: now, validUntil: now.addingTimeInterval(365 * 86_400))
        let (kind, pem) = node(issued.certificatePEM)
        #expect(CertificateCheck.evaluate(kind, pem: pem, now: now).status == .ok)
        #expect(CertificateCheck.evaluate(kind, pem: pem, now: now.addingTimeInterval(345 * 86_400)).status == .warning)
        #expect(CertificateCheck.evaluate(kind, pem: pem, now: now.addingTimeInterval(360 * 86_400)).status == .critical)
        let expired = CertificateCheck.evaluate(kind, pem: pem, now: now.addingTimeInterval(400 * 86_400))
        #expect(expired.status == .critical && expired.evidence.contains("expired"), "\(expired)")
    }

    @Test func theCAHasNoSANAndIsStillRead() throws {
        let ca = try FleetCA.generate(commonName: "test fleet CA", days: 20, now: now)
        let finding = CertificateCheck.evaluate(.ca(path: "/etc/nodeagent/tls/ca.pem"), pem: .read(ca.certificatePEM), now: now)
        #expect(finding.check == "ca-certificate" && finding.status == .warning && finding.evidence.contains("\"test fleet CA\""), "\(finding)")
        #expect(finding.remedy.contains("nodeagent certs init"))
    }

    @Test func unreadableOrDamagedFilesAreUnknown() {
        let kind = CertificateCheck.Kind.ca(path: "/x/ca.pem")
        #expect(CertificateCheck.evaluate(kind, pem: .failed("permission denied"), now: now).status == .unknown)
        #expect(CertificateCheck.evaluate(kind, pem: .read(""), now: now).status == .unknown)
        #expect(CertificateCheck.evaluate(kind, pem: .read("not a pem"), now: now).evidence.contains("no -----BEGIN CERTIFICATE"))
        let damaged = CertificateCheck.evaluate(kind, pem: .read("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), now: now)
        #expect(damaged.status == .unknown && damaged.remedy.contains("openssl x509"), "\(damaged)")
    }
}
