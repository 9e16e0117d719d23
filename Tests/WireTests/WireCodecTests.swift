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
