import Logging
import Testing

@testable import Journal
import SeededRandom

@Suite("Journal field building")
struct JournalFieldBuilderTests {
    private func fieldMap(_ fields: [JournalField]) -> [String: String] {
        Dictionary(fields.map { ($0.name, $0.stringValue) }, uniquingKeysWith: { first, _ in first })
    }

    @Test("the brief's example: call metadata and logger metadata all become NODEAGENT_ fields")
    func peerRejectedExample() {
        let metadata = JournalFieldBuilder.merge(
            handler: ["node": "app1"], provided: nil,
            call: ["event": "peer_rejected", "peer": "127.0.0.9:7946", "reason": "certificate of another CA"])
        let fields = JournalFieldBuilder.fields(
            identifier: "nodeagent", level: .warning, message: "peer rejected: wrong CA",
            metadata: metadata, file: "Mesh/Listener.swift", function: "accept()", line: 42)
        let map = fieldMap(fields)
        #expect(map["MESSAGE"] == "peer rejected: wrong CA")
        #expect(map["PRIORITY"] == "4")
        #expect(map["SYSLOG_IDENTIFIER"] == "nodeagent")
        #expect(map["CODE_FILE"] == "Mesh/Listener.swift")
        #expect(map["CODE_LINE"] == "42")
        #expect(map["CODE_FUNC"] == "accept()")
        #expect(map["NODEAGENT_EVENT"] == "peer_rejected")
        #expect(map["NODEAGENT_PEER"] == "127.0.0.9:7946")
        #expect(map["NODEAGENT_REASON"] == "certificate of another CA")
        #expect(map["NODEAGENT_NODE"] == "app1")
        #expect(fields.count == 10, "one field per fixed name and per metadata key, nothing else")
    }

    @Test(
        "priorities follow syslog",
        arguments: [
            (Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3),
            (.critical, 2),
        ])
    func priorities(level: Logger.Level, expected: Int) {
        #expect(JournalFieldBuilder.priority(for: level) == expected)
    }

    @Test(
        "metadata keys map to valid journald names",
        arguments: [
            ("event", "NODEAGENT_EVENT"),
            ("peer-addr", "NODEAGENT_PEER_ADDR"),
            ("vip.group", "NODEAGENT_VIP_GROUP"),
            ("Grant Term", "NODEAGENT_GRANT_TERM"),
            ("äöü", "NODEAGENT____"),
            ("1st", "NODEAGENT_1ST"),
            ("_private", "NODEAGENT__PRIVATE"),
            ("", "NODEAGENT_"),
        ])
    func keyMapping(key: String, expected: String) {
        let name = JournalFieldBuilder.fieldName(forMetadataKey: key)
        #expect(name == expected)
        #expect(JournalFieldBuilder.isValidFieldName(name))
    }

    @Test("long keys are cut to journald's 64-character limit")
    func longKeys() {
        let name = JournalFieldBuilder.fieldName(forMetadataKey: String(repeating: "k", count: 500))
        #expect(name.count == 64)
        #expect(name.hasPrefix("NODEAGENT_KKKK"))
        #expect(JournalFieldBuilder.isValidFieldName(name))
    }

    @Test("any key, however hostile, yields a valid field name")
    func hostileKeys() {
        var generator = SplitMix64(seed: 0x5eed)
        let alphabet: [Unicode.Scalar] = ["a", "Z", "0", "_", "-", "=", "\n", "\0", " ", "é", "🦄", "\u{202E}", "."]
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 100)
            var key = String.UnicodeScalarView()
            for _ in 0..<length { key.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            let name = JournalFieldBuilder.fieldName(forMetadataKey: String(key))
            #expect(JournalFieldBuilder.isValidFieldName(name), "key \(String(key).debugDescription) -> \(name)")
        }
    }

    @Test("values with newlines, NULs and non-ASCII are carried byte for byte")
    func binarySafeValues() {
        let value = "line one\nline two\u{0}tail é"
        let fields = JournalFieldBuilder.fields(
            identifier: "nodeagent", level: .info, message: "multi\nline", metadata: ["blob": .string(value)],
            file: "f", function: "g", line: 1)
        let blob = fields.first { $0.name == "NODEAGENT_BLOB" }
        #expect(blob?.value == Array(value.utf8))
        #expect(blob?.assignment == Array("NODEAGENT_BLOB=".utf8) + Array(value.utf8))
        #expect(fields.first?.stringValue == "multi\nline")
    }

    @Test("call-site metadata wins over provider metadata, which wins over handler metadata")
    func mergePrecedence() {
        let merged = JournalFieldBuilder.merge(
            handler: ["node": "app1", "event": "handler", "a": "h"],
            provided: ["event": "provider", "b": "p"],
            call: ["event": "call"])
        #expect(merged == ["node": "app1", "event": "call", "a": "h", "b": "p"])
    }

    @Test("metadata fields come out sorted by key, after the fixed fields")
    func stableOrder() {
        let fields = JournalFieldBuilder.fields(
            identifier: "x", level: .info, message: "m", metadata: ["zeta": "1", "alpha": "2", "mid": "3"],
            file: "f", function: "g", line: 1)
        #expect(fields.map(\.name).suffix(3) == ["NODEAGENT_ALPHA", "NODEAGENT_MID", "NODEAGENT_ZETA"])
    }

    @Test("nested metadata values are rendered as text")
    func nestedValues() {
        #expect(JournalFieldBuilder.render(.array(["a", "b"])) == #"["a", "b"]"#)
        #expect(JournalFieldBuilder.render(.stringConvertible(7)) == "7")
        #expect(JournalFieldBuilder.render(.string("x y")) == "x y")
    }
}

