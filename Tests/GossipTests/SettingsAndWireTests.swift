import Foundation
import Testing
@testable import Gossip

@Suite("Settings and wire format")
struct SettingsAndWireTests {
    @Test func defaultsAreValid() throws {
        try GossipSettings().validate()
    }

    static func failure(_ s: GossipSettings) -> GossipSettingsError? {
        do { try s.validate() } catch { return error }
        return nil
    }

    @Test func invalidSettingsNameTheField() {
        var s = GossipSettings()
        s.probeTimeout = .milliseconds(300)
        #expect(Self.failure(s)?.description.contains("'probeTimeout'") == true)

        var t = GossipSettings()
        t.suspicionMax = .milliseconds(100)
        #expect(Self.failure(t)?.description.contains("'suspicionMax'") == true)

        var u = GossipSettings()
        u.gossipFanout = 0
        #expect(Self.failure(u) == .invalid(field: "gossipFanout", reason: "must be in 1...32, got 0"))

        var v = GossipSettings()
        v.deadRetention = .zero
        #expect(Self.failure(v)?.description.contains("'deadRetention'") == true)

        var w = GossipSettings()
        w.tickInterval = .milliseconds(150)
        #expect(Self.failure(w)?.description.contains("'tickInterval'") == true)
    }

    static let sample: [GossipMessage] = {
        let a = MemberID(name: "app1", address: "10.0.0.1:7946")
        let meta = MemberMetadata(version: 3, values: [
            "role": .string("app"), "groups": .strings(["app", "int"]), "load": .double(0.25),
            "checks": .int(4), "healthy": .bool(true),
        ])
        let updates = [
            MemberUpdate(member: a, status: .alive, incarnation: 7, metadata: meta),
            MemberUpdate(member: a, status: .suspect, incarnation: 7, suspector: "db1"),
        ]
        return [
            .ping(seq: 1, target: "app1", updates: updates), .ack(seq: 2, updates: []),
            .pingReq(seq: 3, target: a, updates: updates), .nack(seq: 4), .gossip(updates: updates),
            .pushPull(from: a, state: updates, isReply: true),
        ]
    }()

    @Test(arguments: sample)
    func messagesRoundTripThroughJSON(_ message: GossipMessage) throws {
        let data = try JSONEncoder().encode(message)
        #expect(try JSONDecoder().decode(GossipMessage.self, from: data) == message)
        // The load estimate used by the simulator stays within a factor of two of the real size.
        #expect(message.estimatedSize * 2 >= data.count && message.estimatedSize <= data.count * 2)
    }

    @Test func decodingToleratesUnknownFields() throws {
        let json = #"{"nack":{"seq":9,"fromTheFuture":true},"extra":1}"#
        #expect(try JSONDecoder().decode(GossipMessage.self, from: Data(json.utf8)) == .nack(seq: 9))
    }

    @Test func malformedInputIsAnErrorNotACrash() {
        for json in ["", "{}", #"{"ping":{"seq":-1}}"#, #"{"ping":{"seq":1,"target":5,"updates":[]}}"#, "[1,2]"] {
            #expect(throws: (any Error).self) { try JSONDecoder().decode(GossipMessage.self, from: Data(json.utf8)) }
        }
    }
}
