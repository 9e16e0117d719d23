#if os(Linux)
import Foundation
import Testing

/// Real agents in the namespaces: seven `nodeagent` processes, one per node, find each other over
/// mutual TLS across the bridge and elect one coordinator.
extension LabSuite {
@Suite struct AgentFleetTests {
    @Test func sevenAgentsSeeEachOtherAndAgreeOnOneCoordinator() async throws {
        try LabGate.requireAgent()
        let fleet = try AgentLab()
        defer { fleet.stop() }
        let started = ContinuousClock.now
        try await fleet.start()
        let coordinator = try await fleet.waitForFleet()
        print("agent lab: 7 agents alive, coordinator \(coordinator), \((ContinuousClock.now - started).formatted) after start")
        for agent in fleet.agents.values {
            let members = try agent.members()
            #expect(members.count == 7, "\(agent.node.name) sees \(members)")
            #expect(members.values.allSatisfy { $0 == "alive" }, "\(agent.node.name) sees \(members)")
            #expect(try agent.coordinator() == coordinator)
        }
    }
}
}
#endif
