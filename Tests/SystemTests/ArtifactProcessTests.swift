import Foundation
import Testing

/// Artifacts with real agents over the mutual-TLS mesh: a gigabyte to two targets while the fleet's
/// heartbeats and Raft go on beside it, and a target SIGKILLed mid-transfer that resumes from its
/// partial file. What is checked is what an operator relies on: every copy hashes right, and the
/// transfer cost the fleet no suspicion and no election.
@Suite("Artifacts (3 real voters)", .serialized)
struct ArtifactProcessTests {
    let names = ["app1", "app2", "db1"]

    private func startFleet() throws -> TestFleet {
        let fleet = try TestFleet()
        try fleet.addMesh(names, voters: names)
        for name in names { try fleet.start(name) }
        try #require(fleet.eventually(timeout: .seconds(20)) {
            let views = names.map { fleet.coordinator(of: $0)["coordinator"] as? String }
            return views.first! != nil && Set(views).count == 1
        }, "no coordinator agreed by all")
        try #require(fleet.eventually(timeout: .seconds(20)) {
            names.allSatisfy { node in fleet.members(of: node).filter { $0.value == "alive" }.count == names.count }
        }, "gossip never saw every member alive")
        return fleet
    }

    private func writePlan(_ fleet: TestFleet, file: String, maxMegabytes: Int) throws -> String {
        let path = fleet.directory + "/plan.toml"
        try """
        name = "ship"
        [targets]
        nodes = ["app1", "app2"]
        [health]
        min_healthy_ms = 100
        [[artifacts]]
        name = "image"
        source = "\(file)"
        destination = "image.bin"
        max_mb = \(maxMegabytes)
        [[steps]]
        name = "check"
        shell = "sha256sum {staging}/image.bin | cut -c1-64 > {staging}/image.sum"
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func randomFile(_ fleet: TestFleet, megabytes: Int) throws -> (path: String, sha: String) {
        let path = fleet.directory + "/image-\(megabytes).bin"
        let made = try Shell.run(["/bin/sh", "-c", "head -c \(megabytes)M /dev/urandom > '\(path)' && sha256sum '\(path)' | cut -c1-64"],
                                 timeout: .seconds(120))
        try #require(made.status == 0, "\(made)")
        return (path, made.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private func fullLog(_ fleet: TestFleet, _ node: String) -> String {
        (try? String(contentsOfFile: fleet.directory + "/\(node)/agent.log", encoding: .utf8)) ?? ""
    }

    private func count(_ event: String, in fleet: TestFleet) -> Int {
        names.reduce(0) { $0 + fullLog(fleet, $1).components(separatedBy: "event=\(event)").count - 1 }
    }

    private func waitFinished(_ fleet: TestFleet, id: String, timeout: Duration) -> String? {
        var status: String?
        _ = fleet.eventually(timeout: timeout) {
            guard let result = try? fleet.admin("db1", ["op", "status", id, "--json"], timeout: .seconds(5)), result.status == 0,
                  let list = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] else { return false }
            status = list.first?["status"] as? String
            return ["finished", "halted", "cancelled"].contains(status ?? "")
        }
        return status
    }

    private func staged(_ fleet: TestFleet, _ node: String, _ id: String, _ name: String) -> String {
        fleet.directory + "/\(node)/data/staging/\(id)/\(name)"
    }

    @Test("1 GiB to two targets over the mesh: both copies check out, no member suspected, no election")
    func gigabyteWithoutSuspicion() throws {
        let fleet = try startFleet()
        defer { fleet.stop() }
        let file = try randomFile(fleet, megabytes: 1024)
        let plan = try writePlan(fleet, file: file.path, maxMegabytes: 2048)
        let suspicions = count("member_suspected", in: fleet), elections = count("election_started", in: fleet)
        let term = fleet.coordinator(of: "db1")["term"] as? Int
        let began = ContinuousClock.now
        print("artifacts: transfer starts at \(Date())")
        let run = try fleet.admin("db1", ["op", "run", plan, "--id", "big", "--timeout", "30"], timeout: .seconds(300))
        let took = ContinuousClock.now - began
        #expect(run.status == 0, "op run: \(run)")
        #expect(waitFinished(fleet, id: "big", timeout: .seconds(60)) == "finished")
        for node in ["app1", "app2"] {
            let sum = try? String(contentsOfFile: staged(fleet, node, "big", "image.sum"), encoding: .utf8)
            #expect(sum?.trimmingCharacters(in: .whitespacesAndNewlines) == file.sha, "\(node): the step saw \(sum ?? "no file")")
        }
        let telling = ["member_suspected", "election_started", "peer_disconnected", "quorum_lost", "coordinator_stepped_down",
                       "artifact_sending", "artifact_stored", "member_alive", "coordinator_elected"]
        let suspected = names.flatMap { name in
            fullLog(fleet, name).split(separator: "\n").filter { line in telling.contains { line.contains("event=\($0)") } }
                .map { "\($0.prefix(200)) [\(name)]" }
        }.sorted()
        #expect(count("member_suspected", in: fleet) == suspicions, "a member was suspected during the transfer:\n\(suspected.joined(separator: "\n"))")
        #expect(count("election_started", in: fleet) == elections, "an election started during the transfer")
        #expect(fleet.coordinator(of: "db1")["term"] as? Int == term, "the term changed during the transfer")
        print("artifacts: 1 GiB uploaded and sent to 2 targets in \(took) (op run until the operation started)")
    }

    @Test("a target SIGKILLed mid-transfer: restarted, it resumes from its partial file; a file over its bound is refused before sending")
    func targetKilledMidTransferResumes() throws {
        let fleet = try startFleet()
        defer { fleet.stop() }
        let file = try randomFile(fleet, megabytes: 300)
        let refused = try fleet.admin("db1", ["op", "run", try writePlan(fleet, file: file.path, maxMegabytes: 100), "--id", "small"])
        #expect(refused.status != 0 && refused.stderr.contains("more than its max_mb"), "\(refused)")
        let plan = try writePlan(fleet, file: file.path, maxMegabytes: 512)
        let socket = try #require(fleet.nodes["db1"]).socketPath
        let run = Process()
        run.executableURL = URL(fileURLWithPath: NodeAgentBinary.path)
        run.arguments = ["op", "run", plan, "--id", "resume", "--socket", socket, "--timeout", "30"]
        run.standardOutput = FileHandle.nullDevice
        run.standardError = FileHandle.nullDevice
        try run.run()
        defer { if run.isRunning { run.terminate() } }
        let partial = fleet.directory + "/app2/data/staging/resume/.image.bin.part"
        try #require(fleet.eventually(timeout: .seconds(90)) {
            ((try? FileManager.default.attributesOfItem(atPath: partial))?[.size] as? NSNumber)?.intValue ?? 0 > 20 << 20
        }, "app2 never received 20 MB")
        fleet.signal("app2", SIGKILL)
        _ = fleet.stopNode("app2")
        try fleet.start("app2")
        #expect(fleet.eventually(timeout: .seconds(120)) { !run.isRunning }, "op run never ended")
        #expect(run.terminationStatus == 0, "op run failed after app2 came back")
        #expect(waitFinished(fleet, id: "resume", timeout: .seconds(60)) == "finished")
        #expect(fullLog(fleet, "app2").contains("event=artifact_resumed"), "app2 started over instead of resuming")
        for node in ["app1", "app2"] {
            let sum = try? String(contentsOfFile: staged(fleet, node, "resume", "image.sum"), encoding: .utf8)
            #expect(sum?.trimmingCharacters(in: .whitespacesAndNewlines) == file.sha, "\(node): the step saw \(sum ?? "no file")")
        }
    }
}
