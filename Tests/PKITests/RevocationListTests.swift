import Foundation
import Testing

@testable import PKI
import SeededRandom

@Suite("RevocationList: the [tls] revoked file")
struct RevocationListTests {
    @Test("comments, blank lines, case, colons, leading zeros and serial= prefixes all fold to one serial")
    func spellings() throws {
        let text = """
            # revoked 2025-01-02: app3 disk lost
            0A1B2C3D4E5F

              0a:1b:2c:3d:4e:5f   # same one with colons
            serial=00FF10
            \r
            7f # trailing comment\r
            """
        let list = try RevocationList(text: text)
        #expect(list.serials == ["a1b2c3d4e5f", "ff10", "7f"])
        #expect(list.contains(serialHex: "0a1b2c3d4e5f"))
        #expect(list.contains(serialHex: "0A:1B:2C:3D:4E:5F"))
        #expect(list.contains(serialHex: "ff10"))
        #expect(list.contains(serialHex: "00ff10"))
        #expect(!list.contains(serialHex: "ff11"))
        #expect(!list.contains(serialHex: "not hex"))
        #expect(!RevocationList().contains(serialHex: "7f"))
    }

    @Test("a bad line is reported with its 1-based number", arguments: [
        ("7f\nxyz\n", 2), ("# ok\n\n12:zz\n", 3), ("::\n", 1), ("0x12\n", 1),
        ("ab\n" + String(repeating: "1", count: 41), 2), ("ab\n" + String(repeating: "a", count: 2000), 2),
    ])
    func badLine(text: String, line: Int) {
        do {
            _ = try RevocationList(text: text)
            Issue.record("accepted \(text)")
        } catch {
            guard case .invalidLine(let reported, _, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(reported == line)
            #expect(error.description.contains("line \(line)"))
        }
    }

    @Test("the serial printed by `openssl x509 -serial` of an issued certificate matches its identity")
    func loadFromFile() throws {
        let dir = try ScratchDirectory()
        let ca = try FleetCA.create(directory: dir.path)
        let issued = try ca.issue(name: "app3")
        let serial = try Command.openssl(["x509", "-in", "app3.pem", "-noout", "-serial"], in: dir.path)
        try ("# app3 retired\n" + serial.output).write(toFile: dir.file("revoked"), atomically: true, encoding: .utf8)
        let list = try RevocationList.load(path: dir.file("revoked"))
        #expect(list.contains(issued.identity))
        #expect(!list.contains(try ca.issue(name: "app4").identity))
        #expect(throws: RevocationListError.self) { try RevocationList.load(path: dir.file("missing")) }
    }

    @Test("any serial, in any spelling, is found after being written to the list")
    func roundTrip() throws {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 1...20, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let plain = bytes.map { String(format: "%02X", $0) }
            let spelled = Bool.random(using: &rng) ? plain.joined(separator: ":") : "00" + plain.joined().lowercased()
            let list = try RevocationList(text: "# x\n\(spelled)\n")
            #expect(list.contains(serialHex: plain.joined()), "\(spelled)")
            #expect(list.serials.count == 1)
        }
    }

    @Test("thousands of seeded random texts never crash; accepted lists hold only canonical serials")
    func fuzz() {
        let alphabet: [Character] = Array("0123456789abcdefABCDEFxyz:# \t\n\r=serial") + ["é", "\u{0}", "\r\n", "🔥"]
        for seed in UInt64(0)..<3000 {
            var rng = SplitMix64(seed: seed)
            let length = Int.random(in: 0...120, using: &rng)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &rng) ?? "0" })
            do {
                let list = try RevocationList(text: text)
                for serial in list.serials {
                    #expect(serial.count <= RevocationList.maximumSerialDigits, "seed \(seed)")
                    #expect(serial.allSatisfy { $0.isHexDigit && !$0.isUppercase }, "seed \(seed)")
                    #expect(serial == "0" || !serial.hasPrefix("0"), "seed \(seed)")
                    #expect(list.contains(serialHex: serial))
                }
            } catch {
                guard case .invalidLine(let line, _, _) = error else { Issue.record("\(error)"); continue }
                #expect(line >= 1 && line <= text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count)
            }
        }
    }
}
