import Foundation
import Testing

@testable import PKI
import SeededRandom

@Suite("PeerIdentity: reading who a certificate names, totally")
struct PeerIdentityTests {
    static let ca = Result { try FleetCA.generate(commonName: "identity tests") }

    static func sample(name: String = "app1", role: String? = "app", admin: Bool = false) throws -> IssuedCertificate {
        let now = Date()
        return try ca.get().makeCertificate(name: name, role: role, admin: admin, validFrom: now - 60, validUntil: now + 3600)
    }

    @Test("DER, PEM and a parsed certificate give the same identity; PEM may hold other blocks first")
    func sameIdentityFromEveryForm() throws {
        let issued = try Self.sample()
        let fromDER = try PeerIdentity(derBytes: issued.certificateDER)
        let fromPEM = try PeerIdentity(pemEncoded: issued.certificatePEM)
        let chain = "junk before\n" + issued.privateKeyPEM + issued.certificatePEM + (try Self.ca.get().certificatePEM)
        let fromChain = try PeerIdentity(pemEncoded: chain)
        #expect(fromDER == fromPEM)
        #expect(fromDER == fromChain)
        #expect(fromDER == issued.identity)
        #expect(fromDER.fingerprintSHA256.count == 64)
        #expect(fromDER.serialHex.count == 32)
    }

    @Test("check accepts the right name in time and rejects a wrong name, a revoked serial, a non-admin")
    func check() throws {
        let issued = try Self.sample()
        let identity = issued.identity
        let now = Date()
        try identity.check(claimedName: "app1", now: now)
        #expect(throws: PeerCheckError.nameMismatch(claimed: "app2", certified: "app1")) {
            try identity.check(claimedName: "app2", now: now)
        }
        let revoked = try RevocationList(text: "# lost laptop\n\(identity.serialHex.uppercased())\n")
        #expect(throws: PeerCheckError.revoked(name: "app1", serialHex: identity.serialHex)) {
            try identity.check(claimedName: "app1", now: now, revocations: revoked)
        }
        #expect(throws: PeerCheckError.notAdmin(name: "app1")) {
            try identity.check(claimedName: "app1", now: now, requireAdmin: true)
        }
        #expect(identity.isValid(at: now))
        #expect(!identity.isValid(at: now + 7200))
    }

    @Test("a certificate without a SAN DNS name names no node")
    func noSAN() throws {
        let dir = try ScratchDirectory()
        let script = """
            openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out k.key
            openssl req -x509 -new -key k.key -days 1 -subj "/O=nodeagent/OU=node/CN=app1" -out nosan.pem
            openssl req -x509 -new -key k.key -days 1 -subj "/CN=x" -addext "subjectAltName=IP:127.0.0.1" -out ip.pem
            """
        let made = try Command.shell(script, in: dir.path)
        #expect(made.status == 0, "\(made.output)")
        #expect(throws: PeerIdentityError.noSubjectAlternativeName) { try PeerIdentity(pemEncoded: dir.read("nosan.pem")) }
        #expect(throws: PeerIdentityError.noSubjectAlternativeName) { try PeerIdentity(pemEncoded: dir.read("ip.pem")) }
    }

    @Test("empty, oversized, non-PEM and non-certificate input give typed errors")
    func badInput() throws {
        #expect(throws: PeerIdentityError.empty) { try PeerIdentity(derBytes: []) }
        #expect(throws: PeerIdentityError.empty) { try PeerIdentity(pemEncoded: "") }
        let huge = [UInt8](repeating: 0x30, count: PeerIdentity.maximumCertificateBytes + 1)
        #expect(throws: PeerIdentityError.tooLarge(bytes: huge.count, limit: PeerIdentity.maximumCertificateBytes)) {
            try PeerIdentity(derBytes: huge)
        }
        #expect(throws: PeerIdentityError.noCertificateInPEM) { try PeerIdentity(pemEncoded: "hello") }
        let issued = try Self.sample()
        #expect(throws: PeerIdentityError.noCertificateInPEM) { try PeerIdentity(pemEncoded: issued.privateKeyPEM) }
        do {
            _ = try PeerIdentity(derBytes: Array("not a certificate".utf8))
            Issue.record("garbage parsed as a certificate")
        } catch {
            guard case .malformedCertificate = error else { Issue.record("unexpected \(error)"); return }
            #expect(error.description.contains("not a valid X.509 certificate"))
        }
    }

    @Test("the OU says the kind: node, admin or reader; only a node certificate is a node")
    func kinds() throws {
        let node = try PeerIdentity(derBytes: try Self.sample().certificateDER)
        let admin = try PeerIdentity(derBytes: try Self.sample(name: "alice", role: nil, admin: true).certificateDER)
        let ca = try Self.ca.get()
        let now = Date()
        let reader = try PeerIdentity(derBytes: try ca.makeCertificate(name: "grafana", reader: true, validFrom: now - 60,
                                                                       validUntil: now + 3600).certificateDER)
        #expect(node.kind == .node && node.isNode && !node.isAdmin)
        #expect(admin.kind == .admin && admin.isAdmin && !admin.isNode)
        #expect(reader.kind == .reader && !reader.isAdmin && !reader.isNode)
        // Asked for both, the certificate is an admin's: an admin can already read.
        let both = try PeerIdentity(derBytes: try ca.makeCertificate(name: "both", admin: true, reader: true, validFrom: now - 60,
                                                                     validUntil: now + 3600).certificateDER)
        #expect(both.kind == .admin)
    }

    @Test("thousands of seeded random and mutated inputs never crash and never yield a nameless identity")
    func fuzz() throws {
        let node = try Self.sample().certificateDER
        let admin = try Self.sample(name: "alice", role: nil, admin: true).certificateDER
        var accepted = 0
        var rejected = 0
        for seed in UInt64(0)..<4000 {
            var rng = SplitMix64(seed: seed)
            let input = Self.fuzzInput(seed: seed, seeds: [node, admin], rng: &rng)
            do {
                let identity = try PeerIdentity(derBytes: input)
                #expect(!identity.name.isEmpty, "seed \(seed)")
                #expect(identity.fingerprintSHA256.count == 64, "seed \(seed)")
                accepted += 1
            } catch {
                #expect(!error.description.isEmpty)
                rejected += 1
            }
            if seed % 4 == 0 {
                let pem = PEMBlock.encode(label: "CERTIFICATE", der: input)
                let mangled = Self.mutateText(pem, rng: &rng)
                _ = try? PeerIdentity(pemEncoded: mangled)
            }
        }
        #expect(accepted + rejected == 4000)
        #expect(rejected > 1000)
    }

    /// Random bytes for a quarter of the seeds, mutations of real certificates for the rest.
    static func fuzzInput(seed: UInt64, seeds: [[UInt8]], rng: inout SplitMix64) -> [UInt8] {
        if seed % 4 == 0 {
            let count = Int.random(in: 0...600, using: &rng)
            return (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }
        var bytes = seeds[Int(seed) % seeds.count]
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            mutate(&bytes, rng: &rng)
        }
        return bytes
    }

    /// One DER-aware-ish mutation: flip, overwrite with a boundary value, truncate, duplicate or delete.
    static func mutate(_ bytes: inout [UInt8], rng: inout SplitMix64) {
        guard !bytes.isEmpty else { bytes = [0x30]; return }
        let index = Int.random(in: 0..<bytes.count, using: &rng)
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: bytes[index] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
        case 1: bytes[index] = [0x00, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff].randomElement(using: &rng) ?? 0
        case 2: bytes.removeSubrange(index...)
        case 3: bytes.insert(contentsOf: bytes[index..<min(bytes.count, index + 16)], at: index)
        case 4: bytes.remove(at: index)
        default: bytes[index] = UInt8.random(in: 0...255, using: &rng)
        }
    }

    /// Mutates PEM text: drop, duplicate or replace characters.
    static func mutateText(_ text: String, rng: inout SplitMix64) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<Int.random(in: 1...4, using: &rng) where !scalars.isEmpty {
            let index = Int.random(in: 0..<scalars.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: scalars.remove(at: index)
            case 1: scalars.insert(scalars[index], at: index)
            default: scalars[index] = ["-", "=", "\n", "A", "é", "\0"].randomElement(using: &rng) ?? "A"
            }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }
}
