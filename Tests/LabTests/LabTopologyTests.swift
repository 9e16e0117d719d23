#if os(Linux)
import Foundation
import Testing

/// The lab's network itself, without keepalived: nodes reach each other, cuts cut exactly what they
/// say, the sampler sees addresses, and teardown leaves nothing behind.
extension LabSuite {
@Suite struct LabTopologyTests {
    /// Starts an HTTP service on every node, so reachability can be probed with curl.
    private func servicesEverywhere(_ lab: Lab) throws -> [HTTPService] {
        try lab.nodes.map { node in
            let service = try HTTPService(lab: lab, node: node)
            try service.start()
            return service
        }
    }

    /// True when `from` gets an answer from `to`'s service within a second.
    private func reaches(_ lab: Lab, _ from: LabNode, _ to: HTTPService) throws -> Bool {
        let result = try lab.run(in: from, ["curl", "-s", "-o", "/dev/null", "--max-time", "1", to.url], timeout: .seconds(5))
        return result.succeeded
    }

    @Test func nodesReachEachOtherAndCutsCutExactly() throws {
        try LabGate.require()
        let lab = try Lab(nodeNames: ["a", "b", "c"])
        defer { lab.stop() }
        let services = try servicesEverywhere(lab)
        let (a, b, c) = (lab.nodes[0], lab.nodes[1], lab.nodes[2])
        #expect(a.address == "198.18.0.11" && c.address == "198.18.0.13")
        for from in lab.nodes {
            for to in services { #expect(try reaches(lab, from, to), "\(from.name) → \(to.node.name)") }
        }

        try lab.cut(a)
        #expect(try !reaches(lab, b, services[0]))
        #expect(try !reaches(lab, a, services[2]))
        #expect(try reaches(lab, b, services[2]))
        try lab.heal(a)
        #expect(try reaches(lab, b, services[0]))

        try lab.cutLink(a, b)
        #expect(try !reaches(lab, a, services[1]))
        #expect(try !reaches(lab, b, services[0]))
        #expect(try reaches(lab, a, services[2]))
        #expect(try reaches(lab, b, services[2]))
        #expect(try reaches(lab, c, services[0]))
        try lab.healLink(a, b)
        #expect(try reaches(lab, a, services[1]))
        #expect(try reaches(lab, b, services[0]))
    }

    @Test func teardownDeletesExactlyWhatTheLabMadeAndStopsItsProcesses() throws {
        try LabGate.require()
        let first = try Lab(nodeNames: ["a", "b"])
        let second = try Lab(nodeNames: ["a"])
        defer { second.stop() }
        #expect(first.tag != second.tag)
        #expect(Set(first.liveNamespaces).isDisjoint(with: second.liveNamespaces))
        let service = try HTTPService(lab: first, node: first.nodes[0])
        try service.start()
        let pid = try #require(service.pid)
        let made = first.liveNamespaces
        let directory = first.directory
        #expect(made.count == 3)

        first.stop()
        let listed = try Command.run(["ip", "netns", "list"]).check().output
        for namespace in made {
            #expect(!listed.split(whereSeparator: \.isWhitespace).contains(Substring(namespace)))
        }
        for namespace in second.liveNamespaces {
            #expect(listed.split(whereSeparator: \.isWhitespace).contains(Substring(namespace)))
        }
        #expect(kill(pid, 0) != 0, "the HTTP service \(pid) outlived its lab")
        #expect(!FileManager.default.fileExists(atPath: directory))
        first.stop()
    }

    @Test func aLabDroppedWithoutStopStillCleansUp() throws {
        try LabGate.require()
        var namespaces: [String] = []
        var pid: pid_t = 0
        do {
            let lab = try Lab(nodeNames: ["a", "b"])
            let service = try HTTPService(lab: lab, node: lab.nodes[1])
            try service.start()
            pid = try #require(service.pid)
            namespaces = lab.liveNamespaces
        }
        #expect(namespaces.count == 3)
        let listed = try Command.run(["ip", "netns", "list"]).check().output.split(whereSeparator: \.isWhitespace)
        for namespace in namespaces {
            #expect(!listed.contains(Substring(namespace)), "\(namespace) outlived its lab")
        }
        #expect(kill(pid, 0) != 0, "the HTTP service \(pid) outlived its lab")
    }

    @Test func samplerSeesAnAddressAppearAndReportsItsRealPeriod() async throws {
        try LabGate.require()
        let lab = try Lab(nodeNames: ["a", "b", "c", "d"])
        defer { lab.stop() }
        let sampler = try VIPSampler(vip: "198.18.0.100", nodes: lab.nodes)
        try sampler.start()
        defer { sampler.stop() }
        let empty = try await sampler.waitFor("a first sample", timeout: .seconds(2)) { $0.isEmpty }
        #expect(empty.holders.isEmpty)

        let addedAt = ContinuousClock.now
        try Command.run(["ip", "-n", lab.nodes[2].namespace, "addr", "add", "198.18.0.100/24", "dev",
                         lab.nodes[2].interface]).check()
        let seen = try await sampler.waitFor("the address on c", since: addedAt, timeout: .seconds(2)) { $0 == ["c"] }
        #expect(seen.at - addedAt < .milliseconds(500))
        _ = try await sampler.waitFor("half a second more of samples", since: seen.at + .milliseconds(500),
                                      timeout: .seconds(3)) { _ in true }

        let timeline = sampler.stop()
        let gaps = try #require(timeline.gaps)
        let reads = try #require(timeline.readTimes)
        print("VIPSampler over 4 namespaces: sample read \(reads); gap between samples \(gaps)")
        #expect(reads.p50 < .milliseconds(10), "one sample of 4 namespaces should take well under the period")
        #expect(gaps.p50 < .milliseconds(30))
        #expect(timeline.maxHolders() == 1)
    }

    @Test func badRequestsAreRefusedNotCrashed() throws {
        #expect(throws: LabError.self) { try Lab(nodeNames: []) }
        #expect(throws: LabError.self) { try Lab(nodeNames: ["a", "a"]) }
        #expect(throws: LabError.self) { try Lab(nodeNames: ["A b"]) }
        #expect(throws: LabError.self) { try Lab(nodeNames: Array(repeating: "x", count: 51).enumerated().map { "n\($0.offset)" }) }
        #expect(throws: LabError.self) { try VIPSampler(vip: "10.0.0.1", nodes: []) }
        #expect(throws: LabError.self) { try Command.run([]) }
        #expect(throws: LabError.self) { try Command.run(["/bin/sleep", "5"], timeout: .milliseconds(100)) }
    }
}
}
#endif
