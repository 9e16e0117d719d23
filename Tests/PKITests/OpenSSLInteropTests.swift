import Foundation
import Testing

@testable import PKI

/// Runs the openssl recipes of certs/README.md for real (see `OpenSSLScripts`).
@Suite("The README's openssl commands make certificates nodeagent reads and signs with")
struct OpenSSLInteropTests {
    @Test("openssl-made CA, node and admin certificates verify and parse with PeerIdentity")
    func opensslFleet() throws {
        let dir = try ScratchDirectory()
        let ca = try Command.shell(OpenSSLScripts.ca, in: dir.path)
        #expect(ca.status == 0, "\(ca.output)")
        let node = try Command.shell(OpenSSLScripts.node, in: dir.path, environment: ["NAME": "app1", "ROLE": "app", "DAYS": "365"])
        #expect(node.status == 0, "\(node.output)")
        let admin = try Command.shell(OpenSSLScripts.admin, in: dir.path, environment: ["NAME": "alice", "DAYS": "30"])
        #expect(admin.status == 0, "\(admin.output)")
        #expect(try fileMode(dir.file("ca.key")) == 0o600)
        #expect(try fileMode(dir.file("app1.key")) == 0o600)
        #expect(try fileMode(dir.file("app1.pem")) == 0o644)
        #expect(!FileManager.default.fileExists(atPath: dir.file("app1.csr")))

        let verify = try Command.openssl(["verify", "-CAfile", "ca.pem", "app1.pem", "alice.pem"], in: dir.path)
        #expect(verify.status == 0, "\(verify.output)")

        let nodeIdentity = try PeerIdentity(pemEncoded: dir.read("app1.pem"))
        #expect(nodeIdentity.name == "app1")
        #expect(nodeIdentity.role == "app")
        #expect(!nodeIdentity.isAdmin)
        #expect(nodeIdentity.issuerCommonName == "nodeagent fleet CA")
        #expect(nodeIdentity.notAfter.timeIntervalSince(nodeIdentity.notBefore) == 365 * 86_400)

        let adminIdentity = try PeerIdentity(pemEncoded: dir.read("alice.pem"))
        #expect(adminIdentity.name == "alice")
        #expect(adminIdentity.isAdmin)
        #expect(adminIdentity.role == nil)
        #expect(adminIdentity.serialHex != nodeIdentity.serialHex)
        #expect(throws: PeerCheckError.notAdmin(name: "app1")) {
            try nodeIdentity.check(claimedName: nil, now: Date(), requireAdmin: true)
        }
        try adminIdentity.check(claimedName: nil, now: Date(), requireAdmin: true)
    }

    @Test("FleetCA.load reads the openssl-made CA (PKCS#8 key) and issues certificates openssl verifies")
    func issueWithOpenSSLCA() throws {
        let dir = try ScratchDirectory()
        let made = try Command.shell(OpenSSLScripts.ca, in: dir.path)
        #expect(made.status == 0, "\(made.output)")
        let ca = try FleetCA.load(directory: dir.path)
        #expect(ca.commonName == "nodeagent fleet CA")
        let issued = try ca.issue(name: "int1", role: "int")
        #expect(issued.identity.issuerCommonName == "nodeagent fleet CA")
        let verify = try Command.openssl(["verify", "-CAfile", "ca.pem", "int1.pem"], in: dir.path)
        #expect(verify.status == 0, "\(verify.output)")
        let keyIDs = try Command.openssl(
            ["x509", "-in", "int1.pem", "-noout", "-ext", "authorityKeyIdentifier"], in: dir.path
        ).output
        let caKeyID = try Command.openssl(
            ["x509", "-in", "ca.pem", "-noout", "-ext", "subjectKeyIdentifier"], in: dir.path
        ).output
        let caID = caKeyID.split(separator: "\n").last?.trimmingCharacters(in: .whitespaces) ?? "missing"
        #expect(keyIDs.contains(caID))
    }

    @Test("the README's openssl commands work with a CA made by `nodeagent certs init`")
    func opensslWithOurCA() throws {
        let dir = try ScratchDirectory()
        try FleetCA.create(directory: dir.path)
        let node = try Command.shell(OpenSSLScripts.node, in: dir.path, environment: ["NAME": "db1", "ROLE": "db", "DAYS": "10"])
        #expect(node.status == 0, "\(node.output)")
        let identity = try PeerIdentity(pemEncoded: dir.read("db1.pem"))
        #expect(identity.name == "db1")
        #expect(identity.role == "db")
        #expect(try Command.openssl(["verify", "-CAfile", "ca.pem", "db1.pem"], in: dir.path).status == 0)
    }
}
