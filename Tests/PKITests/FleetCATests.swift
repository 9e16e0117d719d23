import Foundation
import Testing

@testable import PKI

@Suite("FleetCA: making the CA and issuing certificates")
struct FleetCATests {
    @Test("create writes ca.pem 0644 and ca.key 0600, and the CA loads back with the same certificate")
    func createAndLoad() throws {
        let dir = try ScratchDirectory()
        let ca = try FleetCA.create(directory: dir.path, commonName: "test fleet CA")
        #expect(try fileMode(dir.file("ca.pem")) == 0o644)
        #expect(try fileMode(dir.file("ca.key")) == 0o600)
        #expect(try dir.read("ca.key").hasPrefix("-----BEGIN PRIVATE " + "KEY-----"))
        let loaded = try FleetCA.load(directory: dir.path)
        #expect(loaded.certificate == ca.certificate)
        #expect(loaded.commonName == "test fleet CA")
    }

    @Test("the CA certificate is a critical CA:TRUE with keyCertSign, cRLSign, an SKI and a 16-byte serial")
    func caExtensions() throws {
        let dir = try ScratchDirectory()
        try FleetCA.create(directory: dir.path)
        let text = try Command.openssl(["x509", "-in", "ca.pem", "-noout", "-text", "-serial"], in: dir.path).output
        #expect(text.contains("X509v3 Basic Constraints: critical"))
        #expect(text.contains("CA:TRUE"))
        #expect(text.contains("X509v3 Key Usage: critical"))
        #expect(text.contains("Certificate Sign, CRL Sign"))
        #expect(text.contains("X509v3 Subject Key Identifier"))
        #expect(text.contains("Subject: O = nodeagent, CN = nodeagent fleet CA"))
        let serial = text.split(separator: "\n").first { $0.hasPrefix("serial=") }?.dropFirst("serial=".count)
        #expect(serial?.count == 32)
        let check = try Command.openssl(["verify", "-CAfile", "ca.pem", "ca.pem"], in: dir.path)
        #expect(check.status == 0, "\(check.output)")
    }

    @Test("create refuses to overwrite an existing CA unless forced, and force replaces it")
    func createRefusesOverwrite() throws {
        let dir = try ScratchDirectory()
        let first = try FleetCA.create(directory: dir.path)
        #expect(throws: PKIError.alreadyExists(path: dir.file("ca.pem"))) {
            try FleetCA.create(directory: dir.path)
        }
        #expect(try FleetCA.load(directory: dir.path).certificate == first.certificate)
        let second = try FleetCA.create(directory: dir.path, force: true)
        #expect(second.certificate != first.certificate)
        #expect(try FleetCA.load(directory: dir.path).certificate == second.certificate)
        #expect(try fileMode(dir.file("ca.key")) == 0o600)
    }

    @Test("a node certificate verifies with openssl against ca.pem and carries SAN, EKU, key usage and subject")
    func nodeCertificateWithOpenSSL() throws {
        let dir = try ScratchDirectory()
        let ca = try FleetCA.create(directory: dir.path)
        let issued = try ca.issue(name: "app1", role: "app")
        #expect(issued.certificatePath == dir.file("app1.pem"))
        #expect(try fileMode(dir.file("app1.pem")) == 0o644)
        #expect(try fileMode(dir.file("app1.key")) == 0o600)
        let verify = try Command.openssl(["verify", "-CAfile", "ca.pem", "app1.pem"], in: dir.path)
        #expect(verify.status == 0, "\(verify.output)")
        let text = try Command.openssl(["x509", "-in", "app1.pem", "-noout", "-text"], in: dir.path).output
        #expect(text.contains("DNS:app1"))
        #expect(text.contains("TLS Web Server Authentication, TLS Web Client Authentication"))
        #expect(text.contains("Digital Signature"))
        #expect(text.contains("CA:FALSE"))
        #expect(text.contains("X509v3 Authority Key Identifier"))
        #expect(text.contains("Subject: O = nodeagent, OU = node, title = app, CN = app1"))
        #expect(text.contains("ecdsa-with-SHA256"))
        #expect(text.contains("prime256v1") || text.contains("P-256"))
        let keyCheck = try Command.openssl(["pkey", "-in", "app1.key", "-noout"], in: dir.path)
        #expect(keyCheck.status == 0, "\(keyCheck.output)")
    }

    @Test("the issued key belongs to the issued certificate (openssl compares the public keys)")
    func keyMatchesCertificate() throws {
        let dir = try ScratchDirectory()
        let ca = try FleetCA.create(directory: dir.path)
        try ca.issue(name: "db1", role: "db")
        let fromCert = try Command.openssl(["x509", "-in", "db1.pem", "-noout", "-pubkey"], in: dir.path).output
        let fromKey = try Command.openssl(["pkey", "-in", "db1.key", "-pubout"], in: dir.path).output
        #expect(fromCert == fromKey)
        #expect(fromCert.contains("BEGIN PUBLIC KEY"))
    }

    @Test("PeerIdentity reads back name, role, admin flag, serial, issuer and validity of what was issued")
    func identityOfIssued() throws {
        let dir = try ScratchDirectory()
        let ca = try FleetCA.create(directory: dir.path, commonName: "fleet one")
        let now = Date()
        let node = try ca.issue(name: "int2", role: "int", days: 30, now: now)
        let fromFile = try PeerIdentity(pemEncoded: dir.read("int2.pem"))
        #expect(fromFile == node.identity)
        #expect(fromFile.name == "int2")
        #expect(fromFile.role == "int")
        #expect(!fromFile.isAdmin)
        #expect(fromFile.issuerCommonName == "fleet one")
        #expect(abs(fromFile.notBefore.timeIntervalSince(now) + 300) < 2)
        #expect(abs(fromFile.notAfter.timeIntervalSince(now) - 30 * 86_400) < 2)
        let serial = try Command.openssl(["x509", "-in", "int2.pem", "-noout", "-serial"], in: dir.path).output
        #expect(try RevocationList(text: serial).contains(serialHex: fromFile.serialHex))
        let fingerprint = try Command.openssl(
            ["x509", "-in", "int2.pem", "-noout", "-fingerprint", "-sha256"], in: dir.path
        ).output
        let opensslHex = fingerprint.split(separator: "=").last.map { $0.filter(\.isHexDigit).lowercased() }
        #expect(opensslHex == fromFile.fingerprintSHA256)

        let admin = try ca.issue(name: "alice", admin: true)
        #expect(admin.identity.isAdmin)
        #expect(admin.identity.role == nil)
        #expect(admin.identity.name == "alice")
        let subject = try Command.openssl(["x509", "-in", "alice.pem", "-noout", "-subject"], in: dir.path).output
        #expect(subject.contains("OU = admin"))
    }

    @Test("issue refuses to overwrite a certificate or key unless forced")
    func issueRefusesOverwrite() throws {
        let dir = try ScratchDirectory()
        let ca = try FleetCA.create(directory: dir.path)
        let first = try ca.issue(name: "app1")
        #expect(throws: PKIError.alreadyExists(path: dir.file("app1.pem"))) {
            try ca.issue(name: "app1")
        }
        try FileManager.default.removeItem(atPath: dir.file("app1.pem"))
        #expect(throws: PKIError.alreadyExists(path: dir.file("app1.key"))) {
            try ca.issue(name: "app1")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("app1.pem")))
        let second = try ca.issue(name: "app1", force: true)
        #expect(second.identity.serialHex != first.identity.serialHex)
        #expect(try PeerIdentity(pemEncoded: dir.read("app1.pem")) == second.identity)
        #expect(try fileMode(dir.file("app1.key")) == 0o600)
    }

    @Test("issue writes into another directory when asked, and an in-memory CA needs one")
    func issueDirectories() throws {
        let dir = try ScratchDirectory()
        let staging = dir.file("staging/app2")
        let ca = try FleetCA.create(directory: dir.path)
        let issued = try ca.issue(name: "app2", directory: staging)
        #expect(issued.privateKeyPath == URL(fileURLWithPath: staging).appendingPathComponent("app2.key").path)
        #expect(FileManager.default.fileExists(atPath: staging + "/app2.pem"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("app2.pem")))
        let memory = try FleetCA.generate()
        #expect(throws: PKIError.noDirectory) { try memory.issue(name: "app2") }
    }

    @Test(
        "names must be lowercase DNS labels",
        arguments: ["", "App1", "app_1", "-app", "app-", "app.one", "app 1", "äpp", String(repeating: "a", count: 64)]
    )
    func invalidNames(name: String) throws {
        let ca = try FleetCA.generate()
        let now = Date()
        #expect(throws: PKIError.self) {
            try ca.makeCertificate(name: name, validFrom: now, validUntil: now + 60)
        }
        do {
            _ = try ca.makeCertificate(name: name, validFrom: now, validUntil: now + 60)
        } catch {
            guard case .invalidName(let reported, _) = error else {
                Issue.record("expected invalidName, got \(error)")
                return
            }
            #expect(reported == name)
            #expect(error.description.contains("invalid name"))
        }
    }

    @Test("valid names and roles are accepted", arguments: ["a", "app1", "db-12", String(repeating: "z", count: 63)])
    func validNames(name: String) throws {
        let now = Date()
        let issued = try FleetCA.generate().makeCertificate(name: name, role: "Edge_1.b-2", validFrom: now, validUntil: now + 60)
        #expect(issued.identity.name == name)
        #expect(issued.identity.role == "Edge_1.b-2")
    }

    @Test("days must be within 1…3650, roles must be plain, windows must not be empty")
    func invalidParameters() throws {
        let dir = try ScratchDirectory()
        let ca = try FleetCA.create(directory: dir.path)
        for days in [0, -1, 3651, Int.max, Int.min] {
            #expect(throws: PKIError.invalidDays(days)) { try ca.issue(name: "app1", days: days) }
            #expect(throws: PKIError.invalidDays(days)) {
                try FleetCA.create(directory: dir.file("other"), days: days)
            }
        }
        for role in ["", "a/b", "a=b", "with space", String(repeating: "r", count: 65)] {
            #expect(throws: PKIError.self) { try ca.issue(name: "app1", role: role) }
        }
        let now = Date()
        #expect(throws: PKIError.invalidValidity(from: now, until: now)) {
            try ca.issue(name: "app1", validFrom: now, validUntil: now)
        }
        #expect(throws: PKIError.invalidCommonName("")) { try FleetCA.generate(commonName: "") }
        #expect(throws: PKIError.invalidCommonName("a\nb")) { try FleetCA.generate(commonName: "a\nb") }
        #expect(!FileManager.default.fileExists(atPath: dir.file("app1.pem")))
        #expect(!FileManager.default.fileExists(atPath: dir.file("other")))
    }

    @Test("an expired certificate can be made; openssl and PeerIdentity.check both reject it")
    func expiredCertificate() throws {
        let dir = try ScratchDirectory()
        let ca = try FleetCA.create(directory: dir.path)
        let now = Date()
        let expired = try ca.issue(name: "old1", validFrom: now - 10 * 86_400, validUntil: now - 86_400)
        #expect(!expired.identity.isValid(at: now))
        #expect(throws: PeerCheckError.expired(name: "old1", notAfter: expired.identity.notAfter)) {
            try expired.identity.check(claimedName: "old1", now: now)
        }
        let verify = try Command.openssl(["verify", "-CAfile", "ca.pem", "old1.pem"], in: dir.path)
        #expect(verify.status != 0)
        #expect(verify.output.contains("expired"))

        let future = try ca.makeCertificate(name: "new1", validFrom: now + 86_400, validUntil: now + 2 * 86_400)
        #expect(throws: PeerCheckError.notYetValid(name: "new1", notBefore: future.identity.notBefore)) {
            try future.identity.check(claimedName: "new1", now: now)
        }
    }

    @Test("a certificate of another CA is told apart by its issuer and does not verify against our CA")
    func anotherCA() throws {
        let ours = try ScratchDirectory()
        let theirs = try ScratchDirectory()
        let ourCA = try FleetCA.create(directory: ours.path, commonName: "fleet A")
        let theirCA = try FleetCA.create(directory: theirs.path, commonName: "fleet B")
        let mine = try ourCA.issue(name: "app1")
        let foreign = try theirCA.issue(name: "app1")
        #expect(mine.identity.name == foreign.identity.name)
        #expect(mine.identity.issuerCommonName == "fleet A")
        #expect(foreign.identity.issuerCommonName == "fleet B")
        #expect(mine.identity.fingerprintSHA256 != foreign.identity.fingerprintSHA256)
        let verify = try Command.openssl(["verify", "-CAfile", "ca.pem", theirs.file("app1.pem")], in: ours.path)
        #expect(verify.status != 0)
    }

    @Test("load reports missing, mismatched, non-CA, encrypted and garbage files with typed errors")
    func loadErrors() throws {
        let dir = try ScratchDirectory()
        #expect(throws: PKIError.missingFile(path: dir.file("ca.pem"))) { try FleetCA.load(directory: dir.path) }

        let ca = try FleetCA.create(directory: dir.path)
        let other = try ScratchDirectory()
        try FleetCA.create(directory: other.path)
        #expect(throws: PKIError.keyMismatch(certificatePath: dir.file("ca.pem"), keyPath: other.file("ca.key"))) {
            try FleetCA.load(certificatePath: dir.file("ca.pem"), privateKeyPath: other.file("ca.key"))
        }

        try ca.issue(name: "app1")
        #expect(throws: PKIError.notACertificateAuthority(path: dir.file("app1.pem"))) {
            try FleetCA.load(certificatePath: dir.file("app1.pem"), privateKeyPath: dir.file("app1.key"))
        }

        let encrypt = try Command.openssl(
            ["pkey", "-in", "ca.key", "-aes256", "-passout", "pass:secret", "-out", "enc.key"], in: dir.path
        )
        #expect(encrypt.status == 0, "\(encrypt.output)")
        #expect(throws: PKIError.encryptedPrivateKey(path: dir.file("enc.key"))) {
            try FleetCA.load(certificatePath: dir.file("ca.pem"), privateKeyPath: dir.file("enc.key"))
        }

        try "garbage\n".write(toFile: dir.file("junk"), atomically: true, encoding: .utf8)
        #expect(throws: PKIError.self) {
            try FleetCA.load(certificatePath: dir.file("junk"), privateKeyPath: dir.file("ca.key"))
        }
        #expect(throws: PKIError.self) {
            try FleetCA.load(certificatePath: dir.file("ca.pem"), privateKeyPath: dir.file("junk"))
        }
    }

    @Test("a CA key converted to SEC1 (EC PRIVATE KEY), or made by ecparam with a parameters block, still loads")
    func sec1Keys() throws {
        let dir = try ScratchDirectory()
        let ca = try FleetCA.create(directory: dir.path)
        let convert = try Command.openssl(["ec", "-in", "ca.key", "-out", "sec1.key"], in: dir.path)
        #expect(convert.status == 0, "\(convert.output)")
        #expect(try dir.read("sec1.key").hasPrefix("-----BEGIN EC PRIVATE " + "KEY-----"))
        let loaded = try FleetCA.load(certificatePath: dir.file("ca.pem"), privateKeyPath: dir.file("sec1.key"))
        #expect(loaded.certificate == ca.certificate)
        try loaded.issue(name: "app9", directory: dir.path)
        #expect(try Command.openssl(["verify", "-CAfile", "ca.pem", "app9.pem"], in: dir.path).status == 0)

        let other = try ScratchDirectory()
        let script = """
            openssl ecparam -genkey -name prime256v1 -out ca.key
            openssl req -x509 -new -key ca.key -sha256 -days 30 -subj "/CN=ecparam CA" -out ca.pem
            """
        let made = try Command.shell(script, in: other.path)
        #expect(made.status == 0, "\(made.output)")
        #expect(try other.read("ca.key").contains("BEGIN EC PARAMETERS"))
        let ecparamCA = try FleetCA.load(directory: other.path)
        let issued = try ecparamCA.issue(name: "app3")
        #expect(issued.identity.issuerCommonName == "ecparam CA")
        #expect(try Command.openssl(["verify", "-CAfile", "ca.pem", "app3.pem"], in: other.path).status == 0)
    }
}
