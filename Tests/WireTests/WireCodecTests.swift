import Testing
@testable import Wire

@Suite("Wire codec")
struct WireCodecTests {
    @Test("messages round-trip and tolerate unknown fields from newer agents")
    func unknownFieldsTolerated() throws {
        let json = #"{"protocolVersion":1,"node":"app1","role":"app","address":"a:1","agentVersion":"9","purpose":"peer","future":{"x":1}}"#
        let hello = try WireCodec.decode(Hello.self, from: Frame(kind: .hello, payload: Array(json.utf8)))
        #expect(hello.node == "app1")
    }

    @Test("a missing field is a malformed payload that names the field")
    func missingField() {
        let frame = Frame(kind: .hello, payload: Array(#"{"protocolVersion":1}"#.utf8))
        #expect(throws: FrameError.self) { try WireCodec.decode(Hello.self, from: frame) }
        do {
            _ = try WireCodec.decode(Hello.self, from: frame)
        } catch {
            #expect(error.description.contains("missing field"))
        }
    }

    @Test("JSON values keep their shape")
    func jsonValueRoundTrip() throws {
        let value = JSONValue.object(["n": .number(1.5), "s": .string("x"), "b": .bool(true), "a": .array([.null])])
        let frame = try WireCodec.frame(.adminResponse, AdminResponse(id: 3, result: value))
        let back = try WireCodec.decode(AdminResponse.self, from: frame)
        #expect(back.result == value)
    }
}

/// Bulk payloads: a JSON header and raw bytes after it.
@Suite struct HeaderedPayloadTests {
    @Test("header and body survive the round trip; truncated or lying lengths are typed errors")
    func roundTripAndDamage() throws {
        let body: [UInt8] = (0..<1000).map { UInt8($0 % 256) }
        let frame = try HeaderedPayload.frame(.artifact, header: JSONValue.object(["offset": .number(42)]), body: body)
        let (header, decoded) = try HeaderedPayload.decode(JSONValue.self, from: frame)
        #expect(header == .object(["offset": .number(42)]))
        #expect(Array(decoded) == body)
        for cut in [0, 3, 5, 12] {
            #expect(throws: FrameError.self) { try HeaderedPayload.decode(JSONValue.self, from: Frame(kind: .artifact, payload: Array(frame.payload.prefix(cut)))) }
        }
        var lying = frame.payload
        lying[0] = 0xff
        #expect(throws: FrameError.self) { try HeaderedPayload.decode(JSONValue.self, from: Frame(kind: .artifact, payload: lying)) }
    }
}
