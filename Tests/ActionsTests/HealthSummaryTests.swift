import Testing
import Foundation
import Actions

@Suite struct HealthSummaryTests {
    @Test func healthyOnlyWhenEveryCheckPasses() {
        #expect(HealthSummary().allPassing)
        #expect(HealthSummary(states: ["a": .passing, "b": .passing]).allPassing)
        #expect(!HealthSummary(states: ["a": .passing, "b": .unknown]).allPassing)
        #expect(!HealthSummary(states: ["a": .failing, "b": .passing]).allPassing)
    }

    @Test func namesTheFailingAndUnknownChecksInOrder() {
        let summary = HealthSummary(states: ["web": .failing, "db": .failing, "cache": .unknown, "dns": .passing])
        #expect(summary.failing == ["db", "web"])
        #expect(summary.unknown == ["cache"])
        #expect(summary.passing == ["dns"])
        #expect(summary.description == "failing: db, web; unknown: cache")
        #expect(HealthSummary(states: ["a": .passing]).description == "healthy")
    }

    @Test func followsTheMachinesAndSurvivesEncoding() throws {
        var machine = CheckStateMachine(spec: CheckSpec(name: "web", probe: .systemd(unit: "nginx.service"), fall: 1))
        _ = machine.onDue(now: .zero)
        _ = machine.onResult(success: false, detail: "inactive", now: .milliseconds(3))
        let idle = CheckStateMachine(spec: CheckSpec(name: "db", probe: .tcp(host: "::1", port: 5432)))
        var summary = HealthSummary(machines: [machine, idle])
        #expect(summary.failing == ["web"] && summary.unknown == ["db"])
        summary.set("db", to: .passing)
        let decoded = try JSONDecoder().decode(HealthSummary.self, from: JSONEncoder().encode(summary))
        #expect(decoded == summary)
    }
}
