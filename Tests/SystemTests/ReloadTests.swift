import Foundation
import PKI
import Testing

/// SIGHUP reloads certificates without dropping the fleet: live connections stay, new handshakes use
/// the new certificate.
@Suite("Certificate rotation", .serialized)
struct ReloadTests {
    @Test("a rotated certificate is used after SIGHUP and no connection drops")
    func rotateOnSIGHUP() throws {
        let fleet = try TestFleet()
        defer { fleet.stop() }
        let app1 = try fleet.addNode("app1")
        try fleet.addNode("app2", seeds: [app1.address])
        try fleet.start("app1")
        try fleet.start("app2")
        #expect(fleet.eventually { fleet.peers(of: "app1") == ["app2"] })
        let before = try connection(in: fleet, of: "app2", to: "app1")

        // Rotate app1: issue into a staging folder, move into place, SIGHUP.
        let staging = fleet.directory + "/staging"
        let rotated = try fleet.ca.issue(name: "app1", role: "app", directory: staging)
        for file in ["app1.pem", "app1.key"] {
            let target = fleet.tlsDirectory + "/" + file
            _ = rename(staging + "/" + file, target)
        }
        fleet.signal("app1", SIGHUP)
        #expect(fleet.eventually(timeout: .seconds(10)) { fleet.log("app1").contains("config_reloaded") })

        // The existing connection stayed up.
        let after = try connection(in: fleet, of: "app2", to: "app1")
        #expect(after.since == before.since, "the connection was dropped by the reload")
        #expect(after.serial == before.serial)

        // A new peer's handshake sees the new certificate.
        try fleet.addNode("db1", role: "db", seeds: [app1.address])
        try fleet.start("db1")
        #expect(fleet.eventually { fleet.peers(of: "db1").contains("app1") })
        let fresh = try connection(in: fleet, of: "db1", to: "app1")
        #expect(fresh.serial == rotated.identity.serialHex)
        #expect(fresh.serial != before.serial)
    }

    @Test("revoking a peer's certificate and reloading drops it and refuses it from then on")
    func revokeOnReload() throws {
        let fleet = try TestFleet()
        defer { fleet.stop() }
        let app1 = try fleet.addNode("app1")
        try fleet.addNode("app2", seeds: [app1.address])
        try fleet.start("app1")
        try fleet.start("app2")
        #expect(fleet.eventually { fleet.peers(of: "app1") == ["app2"] })
        let serial = try PeerIdentity(pemEncoded: String(contentsOfFile: fleet.tlsDirectory + "/app2.pem", encoding: .utf8)).serialHex

        let revoked = fleet.directory + "/revoked.txt"
        try "# revoked: app2 (lost laptop)\n\(serial)\n".write(toFile: revoked, atomically: true, encoding: .utf8)
        var text = try String(contentsOfFile: app1.configPath, encoding: .utf8)
        text = text.replacingOccurrences(of: "key = \"\(fleet.tlsDirectory)/app1.key\"",
                                         with: "key = \"\(fleet.tlsDirectory)/app1.key\"\nrevoked = \"\(revoked)\"")
        try text.write(toFile: app1.configPath, atomically: true, encoding: .utf8)
        fleet.signal("app1", SIGHUP)
        #expect(fleet.eventually { fleet.peers(of: "app1").isEmpty }, "the revoked peer stayed connected")
        #expect(fleet.eventually { fleet.log("app1").contains("refusal=revoked") })
        usleep(1_500_000)
        #expect(fleet.peers(of: "app1").isEmpty, "the revoked peer got back in")
    }

    private func connection(in fleet: TestFleet, of node: String, to peer: String) throws -> (since: String, serial: String) {
        let status = try fleet.status(node)
        let peers = try #require(status["peers"] as? [[String: Any]])
        let entry = try #require(peers.first { $0["node"] as? String == peer })
        let identity = try #require(entry["identity"] as? [String: Any])
        return (entry["connectedSince"] as? String ?? "", identity["serial"] as? String ?? "")
    }
}
