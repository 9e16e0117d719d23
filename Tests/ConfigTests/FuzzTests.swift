import TOMLKit
import Testing
@testable import Config
import SeededRandom

/// Bad input must never crash or hang: every input ends in a value or a `ConfigError`.
/// Seeds are fixed, so a failure reproduces exactly; a crash shows up as the test process dying.
@Suite("Fuzzing the TOML parser and the config validation")
struct FuzzTests {
    static let seeds: [String] = [Fixtures.minimal, Fixtures.full,
                                  Fixtures.minimal(plus: "[checks.c]\ntype = \"command\"\nargv = ['/bin/true']")]

    /// The raw parser first: whatever passes the preflight must not bring TOMLKit or toml++ down,
    /// and walking the parsed tables (as the validation does) must not trap either.
    @Test("TOMLKit survives preflight-approved garbage", arguments: [UInt64(1), 2, 3])
    func rawParser(seed: UInt64) {
        var mutator = Mutator(random: SplitMix64(seed: seed))
        var parsed = 0
        for round in 0..<1500 {
            let text = round % 3 == 0 ? mutator.tokenSoup()
                : String(decoding: mutator.mutate(Self.seeds[round % Self.seeds.count]), as: UTF8.self)
            guard (try? TOMLPreflight.check(text)) != nil else { continue }
            guard let table = try? TOMLTable(string: text) else { continue }
            parsed += 1
            #expect(walk(table, depth: 0) >= 0)
        }
        #expect(parsed > 0)
    }

    /// Counts the nodes of a parsed document through the same accessors `TableReader` uses.
    private func walk(_ value: TOMLValueConvertible, depth: Int) -> Int {
        guard depth < 300 else { return 0 }
        if let table = value.table {
            return table.keys.reduce(1) { count, key in count + (table[key].map { walk($0, depth: depth + 1) } ?? 0) }
        }
        if let array = value.array {
            return (0..<array.count).reduce(1) { $0 + walk(array[$1], depth: depth + 1) }
        }
        _ = (value.string, value.int, value.double, value.bool)
        return 1
    }

    @Test("parse returns a value or a one-line ConfigError; accepted values round-trip",
          arguments: [UInt64(11), 12, 13, 14])
    func parseNeverCrashes(seed: UInt64) throws {
        var mutator = Mutator(random: SplitMix64(seed: seed))
        var accepted = 0
        var refused = 0
        let clock = ContinuousClock()
        var slowest = Duration.zero
        for round in 0..<1500 {
            let bytes = round % 4 == 0 ? Array(mutator.tokenSoup().utf8)
                : mutator.mutate(Self.seeds[round % Self.seeds.count])
            let start = clock.now
            let outcome = Result { () throws(ConfigError) -> NodeConfig in
                try NodeConfig.parse(try ConfigFile.decode(bytes), baseDirectory: "/etc/nodeagent")
            }
            slowest = max(slowest, clock.now - start)
            switch outcome {
            case .success(let config):
                accepted += 1
                #expect(try NodeConfig.parse(config.renderTOML(), baseDirectory: "/x") == config)
            case .failure(let error):
                refused += 1
                #expect(!error.description.isEmpty && !error.description.contains("\n"))
            }
        }
        #expect(accepted > 0 && refused > 0)
        #expect(slowest < .seconds(2), "one input took \(slowest)")
    }

    @Test("deep nesting and long inputs end in an error, not a stack overflow or a hang")
    func pathologicalShapes() {
        let shapes = [
            "a = " + String(repeating: "[", count: 20_000),
            "a = " + String(repeating: "{b=", count: 20_000),
            String(repeating: "[", count: 20_000),
            "a = \"" + String(repeating: "\\", count: 50_000),
            "[" + String(repeating: "a.", count: 20_000) + "b]",
            String(repeating: "a = 1\n", count: 20_000),
            "a = " + String(repeating: "9", count: 10_000),
        ]
        for text in shapes {
            #expect(throws: ConfigError.self) { try Fixtures.parse(text) }
        }
    }
}
