import Foundation
import Testing
@testable import Keepalived

@Suite("VIP observer")
struct VIPObserverTests {
    /// Trimmed from `ip -j addr show dev eth0` (iproute2 6.1) with a VIP added by keepalived.
    static let eth0 = """
        [{"ifindex":2,"ifname":"eth0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,
        "qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether",
        "address":"52:54:00:12:34:56","broadcast":"ff:ff:ff:ff:ff:ff","addr_info":[
        {"family":"inet","local":"198.18.0.11","prefixlen":24,"broadcast":"198.18.0.255","scope":"global",
         "label":"eth0","valid_life_time":4294967295,"preferred_life_time":4294967295},
        {"family":"inet","local":"198.18.0.100","prefixlen":24,"scope":"global","secondary":true,"label":"eth0",
         "valid_life_time":4294967295,"preferred_life_time":4294967295},
        {"family":"inet6","local":"fd00:0:0:0::100","prefixlen":64,"scope":"global","nodad":true,
         "valid_life_time":4294967295,"preferred_life_time":4294967295},
        {"family":"inet6","local":"fe80::5054:ff:fe12:3456","prefixlen":64,"scope":"link",
         "valid_life_time":4294967295,"preferred_life_time":4294967295}]}]
        """

    @Test func findsTheVIPInIPJSON() throws {
        let addresses = try VIPObserver.parse(ipJSON: Array(Self.eth0.utf8))
        #expect(addresses.count == 4)
        #expect(addresses[1] == InterfaceAddress(interface: "eth0", family: .inet, address: "198.18.0.100",
                                                 prefixLength: 24))
        #expect(try VIPObserver.holds("198.18.0.100/24", in: addresses, interface: "eth0"))
        #expect(try VIPObserver.holds("fd00::100", in: addresses))
        #expect(try !VIPObserver.holds("198.18.0.100", in: addresses, interface: "eth1"))
        #expect(try !VIPObserver.holds("198.18.0.101", in: addresses))
    }

    @Test func interfaceWithoutAddressesHoldsNothing() throws {
        let json = #"[{"ifindex":3,"ifname":"eth1","flags":["BROADCAST"],"addr_info":[]},{"ifindex":4}]"#
        let addresses = try VIPObserver.parse(ipJSON: Array(json.utf8))
        #expect(addresses.isEmpty)
        #expect(try !VIPObserver.holds("198.18.0.100", in: addresses))
    }

    @Test func garbageIsATypedError() {
        for text in ["", "{}", "[1,2]", "not json", #"[{"ifname":"x","addr_info":[{"prefixlen":"24"}]}]"#] {
            #expect(throws: VIPObserverError.self, "\(text)") { try VIPObserver.parse(ipJSON: Array(text.utf8)) }
        }
        #expect(throws: VIPObserverError.badAddress("198.18.0")) { try VIPObserver.holds("198.18.0", in: []) }
        #expect(VIPObserver.binaryAddress("::1/128") == Array(repeating: 0, count: 15) + [1])
        #expect(VIPObserver.binaryAddress("") == nil)
    }

    /// The real command on the loopback interface, skipped where iproute2 is missing.
    @Test func observesLoopbackForReal() throws {
        guard let ip = ["/sbin/ip", "/usr/sbin/ip", "/bin/ip", "/usr/bin/ip"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else {
            print("skipping: no ip command")
            return
        }
        #expect(try VIPObserver.observe(vip: "127.0.0.1", interface: "lo", ipCommand: ip))
        #expect(try !VIPObserver.observe(vip: "198.18.255.254", interface: "lo", ipCommand: ip))
        #expect(throws: VIPObserverError.self) {
            try VIPObserver.observe(vip: "127.0.0.1", interface: "no-such-if0", ipCommand: ip)
        }
    }
}

@Suite("Local addresses")
struct LocalAddressesTests {
    /// Every Linux host has the loopback address; getifaddrs must find it with its prefix, and a VIP
    /// that is nowhere must not be found.
    @Test func findsLoopbackAndNotAnAbsentAddress() throws {
        let addresses = try LocalAddresses.read()
        #expect(addresses.contains { $0.address == "127.0.0.1" && $0.prefixLength == 8 && $0.family == .inet }, "\(addresses)")
        let loopback = try #require(addresses.first { $0.address == "127.0.0.1" }?.interface)
        #expect(try LocalAddresses.holds("127.0.0.1/8", interface: loopback))
        #expect(try !LocalAddresses.holds("198.18.255.254", interface: loopback))
        #expect(throws: VIPObserverError.badAddress("not-an-address")) { try LocalAddresses.holds("not-an-address", interface: loopback) }
    }
}
