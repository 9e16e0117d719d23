import Testing
@testable import Keepalived
import SeededRandom

@Suite("Notify FIFO parser")
struct NotifyFIFOParserTests {
    @Test func parsesInstanceAndGroupLines() throws {
        #expect(try NotifyFIFOParser.parse("INSTANCE \"APP\" MASTER 102\n")
            == NotifyEvent(kind: .instance, name: "APP", state: .master, priority: 102))
        #expect(try NotifyFIFOParser.parse("INSTANCE \"VI_1\" BACKUP 100\r\n")
            == NotifyEvent(kind: .instance, name: "VI_1", state: .backup, priority: 100))
        #expect(try NotifyFIFOParser.parse("INSTANCE \"int-vip.2\" FAULT 0")
            == NotifyEvent(kind: .instance, name: "int-vip.2", state: .fault, priority: 0))
        #expect(try NotifyFIFOParser.parse("GROUP \"VG_1\" MASTER")
            == NotifyEvent(kind: .group, name: "VG_1", state: .master, priority: nil))
        #expect(try NotifyFIFOParser.parse("INSTANCE \"APP\" MASTER_RX_LOWER_PRI 254").state.holdsVIP)
        #expect(try !NotifyFIFOParser.parse("INSTANCE \"APP\" STOP 100").state.holdsVIP)
    }

    @Test func refusesGarbageWithTypedErrors() {
        let cases: [(String, NotifyFIFOParseError)] = [
            ("", .empty),
            ("\n", .empty),
            ("VS [192.168.201.15]:tcp:80 UP", .unknownKind("VS")),
            ("instance \"APP\" MASTER 1", .unknownKind("instance")),
            ("INSTANCE APP MASTER 1", .badName("APP MASTER 1")),
            ("INSTANCE \"APP MASTER 1", .badName("\"APP MASTER 1")),
            ("INSTANCE \"\" MASTER 1", .badName("\"\" MASTER 1")),
            ("INSTANCE \"APP\"MASTER 1", .badName("MASTER 1")),
            ("INSTANCE \"APP\" LEADER 1", .unknownState("LEADER")),
            ("INSTANCE \"APP\" MASTER -1", .badPriority("-1")),
            ("INSTANCE \"APP\" MASTER 256", .badPriority("256")),
            ("INSTANCE \"APP\" MASTER 99999999999999999999", .badPriority("99999999999999999999")),
            ("INSTANCE \"APP\" MASTER 100 extra", .trailingText("extra")),
        ]
        for (line, expected) in cases {
            #expect(throws: expected, "\(line)") { try NotifyFIFOParser.parse(line) }
        }
        #expect(throws: NotifyFIFOParseError.notText) {
            try NotifyFIFOParser.parse(bytes: Array("INSTANCE \"A".utf8) + [0xFF, 0xFE] + Array("\" MASTER 1".utf8))
        }
        let long = [UInt8](repeating: UInt8(ascii: "A"), count: NotifyFIFOParser.maxLineLength + 1)
        #expect(throws: NotifyFIFOParseError.tooLong(length: long.count)) { try NotifyFIFOParser.parse(bytes: long) }
    }

    @Test func errorMessagesEscapeWhatTheyQuote() {
        let message = NotifyFIFOParseError.unknownKind("\u{1B}[31mX\"").description
        #expect(!message.contains("\u{1B}"))
        #expect(message.contains("\\u{1b}"))
    }

    /// Thousands of random and mutated lines: the parser never traps, and whatever it accepts prints back
    /// to a line that parses to the same event.
    @Test func fuzzedLinesNeverCrashAndAcceptedOnesRoundTrip() {
        var rng = SplitMix64(seed: 0x5EED)
        let valid = ["INSTANCE \"APP\" MASTER 102", "GROUP \"VG\" BACKUP", "INSTANCE \"INT\" FAULT 0",
                     "INSTANCE \"x\" MASTER_PRIORITY 200"]
        let alphabet = Array("INSTANCEGROUPMASTERBACKUPFAULT\" 0123456789-_\r\n\t\u{0}é".utf8)
        var accepted = 0
        for round in 0..<20_000 {
            var bytes: [UInt8]
            if round % 4 == 0 {
                bytes = (0..<Int(rng.next() % 80)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                bytes = Array(valid[Int(rng.next() % UInt64(valid.count))].utf8)
                for _ in 0..<(1 + Int(rng.next() % 4)) { Self.mutate(&bytes, alphabet: alphabet, &rng) }
            }
            do {
                let event = try NotifyFIFOParser.parse(bytes: bytes)
                accepted += 1
                #expect((try? NotifyFIFOParser.parse(event.description)) == event, "\(bytes)")
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
        #expect(accepted > 0)
    }

    static func mutate(_ bytes: inout [UInt8], alphabet: [UInt8], _ rng: inout SplitMix64) {
        let position = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count))
        let byte = rng.next() % 2 == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))]
            : UInt8(truncatingIfNeeded: rng.next())
        switch rng.next() % 3 {
        case 0 where !bytes.isEmpty: bytes[position] = byte
        case 1 where !bytes.isEmpty: bytes.remove(at: position)
        default: bytes.insert(byte, at: position)
        }
    }
}

