@testable import Config
import Foundation
import SeededRandom
import Testing

/// The plan loader under mutated plans: a plan is run as root on a fleet, so a damaged file must be
/// refused with one line naming the problem, never crash, hang or half-load.
@Suite("Plan file fuzzing")
struct PlanFuzzTests {
    static let seeds: [String] = ["app-pair-update.toml", "both-pairs-update.toml", "db-diagnostics.toml"].map { name in
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("dist/plans/\(name)")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    @Test("mutated plans load or are refused with a one-line error", arguments: [UInt64(21), 22, 23])
    func mutatedPlans(seed: UInt64) throws {
        #expect(Self.seeds.allSatisfy { !$0.isEmpty })
        var mutator = Mutator(random: SplitMix64(seed: seed))
        var accepted = 0
        var refused = 0
        for round in 0..<1000 {
            let bytes = round % 5 == 0 ? Array(mutator.tokenSoup().utf8) : mutator.mutate(Self.seeds[round % Self.seeds.count])
            do {
                let plan = try PlanFile.parse(try ConfigFile.decode(bytes))
                #expect(!plan.steps.isEmpty && !plan.targets.isEmpty)
                accepted += 1
            } catch {
                #expect(!error.description.isEmpty && !error.description.contains("\n"))
                refused += 1
            }
        }
        #expect(accepted > 0 && refused > 0)
    }
}
