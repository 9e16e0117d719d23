import Foundation
import Testing

/// Connections come back by themselves: a peer that dies is noticed at once, and when it returns the
/// mesh reconnects it (with backoff) without anybody's help.
@Suite("Reconnection", .serialized)
struct ReconnectTests {
    @Test("kill -9 of a peer is noticed, and its restart reconnects both sides")
    func killAndRestart() throws {
        let fleet = try TestFleet()
        defer { fleet.stop() }
        let app1 = try fleet.addNode("app1")
        let app2 = try fleet.addNode("app2", seeds: [app1.address])
        try fleet.writeConfig(app1, seeds: [app2.address])
        try fleet.start("app1")
        try fleet.start("app2")
        #expect(fleet.eventually { fleet.peers(of: "app1") == ["app2"] && fleet.peers(of: "app2") == ["app1"] })

        fleet.signal("app2", SIGKILL)
        #expect(fleet.eventually(timeout: .seconds(5)) { fleet.peers(of: "app1").isEmpty }, "a dead peer is still listed")
        #expect(fleet.log("app1").contains("event=peer_disconnected"))

        try fleet.start("app2")
        #expect(fleet.eventually(timeout: .seconds(15)) { fleet.peers(of: "app1") == ["app2"] && fleet.peers(of: "app2") == ["app1"] },
                "app1: \(fleet.log("app1"))")
    }
}
