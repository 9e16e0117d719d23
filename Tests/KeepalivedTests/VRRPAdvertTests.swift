import Keepalived
import Testing
import SeededRandom

@Suite("VRRP advertisements")
struct VRRPAdvertTests {
    /// An IPv4 header (protocol 112, TTL 255) from `source` to 224.0.0.18 followed by `body`.
    static func datagram(source: [UInt8], body: [UInt8]) -> [UInt8] {
        let total = 20 + body.count
        return [0x45, 0xC0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 0, 0, 0, 255, 112, 0, 0]
            + source + [224, 0, 0, 18] + body
    }

    @Test func versionTwoAndThreeAdvertsParse() {
        let v2 = Self.datagram(source: [198, 18, 0, 11], body: [0x21, 51, 254, 1, 0, 1, 0, 0, 198, 18, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(VRRPAdvert.parse(ipv4: v2) == VRRPAdvert(source: "198.18.0.11", version: 2, virtualRouterID: 51, priority: 254,
                                                          intervalMilliseconds: 1000, addresses: ["198.18.0.100"]))
        let v3 = Self.datagram(source: [198, 18, 0, 12], body: [0x31, 52, 100, 2, 0x00, 100, 0, 0, 198, 18, 0, 100, 198, 18, 0, 101])
        #expect(VRRPAdvert.parse(ipv4: v3) == VRRPAdvert(source: "198.18.0.12", version: 3, virtualRouterID: 52, priority: 100,
                                                          intervalMilliseconds: 1000, addresses: ["198.18.0.100", "198.18.0.101"]))
    }

    @Test func anythingElseIsDropped() {
        let good = Self.datagram(source: [198, 18, 0, 11], body: [0x21, 51, 254, 1, 0, 1, 0, 0, 198, 18, 0, 100])
        #expect(VRRPAdvert.parse(ipv4: good) != nil)
        var otherProtocol = good
        otherProtocol[9] = 17
        #expect(VRRPAdvert.parse(ipv4: otherProtocol) == nil)
        var notAnAdvert = good
        notAnAdvert[20] = 0x22
        #expect(VRRPAdvert.parse(ipv4: notAnAdvert) == nil)
        var tooManyAddresses = good
        tooManyAddresses[23] = 9
        #expect(VRRPAdvert.parse(ipv4: tooManyAddresses) == nil)
        #expect(VRRPAdvert.parse(ipv4: []) == nil)
        #expect(VRRPAdvert.parse(ipv4: Array(good.prefix(24))) == nil)
    }

    @Test func randomBytesNeverTrap() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let length = Int(rng.next() % 80)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if bytes.count > 9, rng.next() % 2 == 0 {
                bytes[0] = 0x45
                bytes[9] = 112
            }
            _ = VRRPAdvert.parse(ipv4: bytes)
        }
    }
}

