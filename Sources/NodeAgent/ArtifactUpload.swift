import AgentCore
import Foundation
import Operations
import Wire

/// `op run`'s first phase: each artifact the plan names goes from the operator's machine to the
/// agent `op run` talks to (in 512 KiB pieces over the admin connection, resuming where an
/// interrupted upload stopped), then from there to every target over the mesh. The operation starts
/// only once every target holds every file, checked by sha256; otherwise `op run` stops and says
/// which node refused what.
struct ArtifactUpload {
    static let pieceBytes = 512 * 1024
    /// No byte acknowledged anywhere for this long: the transfers are given up.
    static let stallLimit: Duration = .seconds(60)

    let admin: AdminOptions
    let operation: String
    /// Sources are relative to the plan file's directory unless absolute.
    let planDirectory: String

    func run(_ artifacts: [PlanArtifact], to nodes: [String]) async throws {
        guard !artifacts.isEmpty else { return }
        var transfers = 0
        for artifact in artifacts {
            let arguments = try describe(artifact)
            try await upload(artifact, arguments)
            var sending = arguments
            sending["nodes"] = nodes.joined(separator: ",")
            let answer = try await admin.ask("artifact-send", arguments: sending)
            if case let .object(fields) = answer, case let .number(count)? = fields["targets"] { transfers += Int(count) }
        }
        try await waitUntilStored(expected: transfers)
    }

    private func path(of artifact: PlanArtifact) -> String {
        artifact.source.hasPrefix("/") ? artifact.source : planDirectory + "/" + artifact.source
    }

    /// The manifest arguments of `artifact`, after checking it exists and fits its bound.
    private func describe(_ artifact: PlanArtifact) throws -> [String: String] {
        let source = path(of: artifact)
        let digest: (size: Int64, hex: String)
        do {
            digest = try FileDigest.sha256(path: source)
        } catch {
            throw CLIError("artifact \(artifact.name): cannot read \(source): \(error.localizedDescription)")
        }
        guard digest.size <= artifact.maxBytes else {
            throw CLIError("artifact \(artifact.name): \(source) has \(digest.size) bytes, more than its max_mb (\(artifact.maxBytes >> 20) MiB)")
        }
        print("artifact \(artifact.name): \(Self.size(digest.size)), sha256 \(digest.hex.prefix(16))…")
        return ["id": operation, "name": artifact.name, "destination": artifact.destination, "size": "\(digest.size)",
                "sha256": digest.hex, "max": "\(artifact.maxBytes)"]
    }

    private func upload(_ artifact: PlanArtifact, _ arguments: [String: String]) async throws {
        let began = ContinuousClock.now
        var answer = try await put(arguments, offset: 0, data: Data())
        guard let file = FileHandle(forReadingAtPath: path(of: artifact)) else { throw CLIError("artifact \(artifact.name): cannot open \(path(of: artifact))") }
        defer { try? file.close() }
        while answer.state != "stored" {
            guard answer.state == "have" || answer.state == "ack" else {
                throw CLIError("artifact \(artifact.name): the agent refused it: \(answer.reason ?? answer.state); the operation was not started")
            }
            try file.seek(toOffset: UInt64(answer.bytes))
            guard let data = try file.read(upToCount: Self.pieceBytes), !data.isEmpty else {
                throw CLIError("artifact \(artifact.name): the file changed while it was sent (shorter than announced)")
            }
            answer = try await put(arguments, offset: answer.bytes, data: data)
        }
        print("artifact \(artifact.name): in the staging of the agent asked, \((ContinuousClock.now - began).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))")
    }

    private struct Answer { var state: String; var bytes: Int64; var reason: String? }

    private func put(_ arguments: [String: String], offset: Int64, data: Data) async throws -> Answer {
        var piece = arguments
        piece["offset"] = "\(offset)"
        piece["data"] = data.base64EncodedString()
        let result = try await admin.ask("artifact-put", arguments: piece)
        guard case let .object(fields) = result, case let .string(state)? = fields["state"] else { throw CLIError("artifact-put: an answer without a state") }
        var bytes: Int64 = 0
        if case let .number(value)? = fields["bytes"] { bytes = Int64(value) }
        var reason: String?
        if case let .string(text)? = fields["reason"] { reason = text }
        return Answer(state: state, bytes: bytes, reason: reason)
    }

    /// Polls the transfers until all are stored, one failed, or nothing moved for `stallLimit`.
    private func waitUntilStored(expected: Int) async throws {
        var reported: Set<String> = []
        var moved = ContinuousClock.now
        var lastBytes: Int64 = -1
        var lastPrint = ContinuousClock.now
        while true {
            let progress = try await admin.ask("artifact-status", arguments: ["id": operation]).decode(as: [ArtifactProgress].self)
            for entry in progress where entry.state == "stored" && reported.insert("\(entry.artifact)@\(entry.node)").inserted {
                print("artifact \(entry.artifact): stored on \(entry.node)")
            }
            let failed = progress.filter { $0.state == "failed" }
            if !failed.isEmpty {
                let lines = failed.map { "  \($0.artifact) to \($0.node): \($0.reason ?? "failed")" }.joined(separator: "\n")
                throw CLIError("artifacts did not reach every target; the operation was not started:\n\(lines)")
            }
            if progress.filter({ $0.state == "stored" }).count >= expected { return }
            let bytes = progress.reduce(0) { $0 + $1.bytes }
            if bytes != lastBytes { (lastBytes, moved) = (bytes, .now) }
            if ContinuousClock.now - moved > Self.stallLimit {
                throw CLIError("artifacts: no progress for \(Self.stallLimit); the operation was not started")
            }
            if ContinuousClock.now - lastPrint > .seconds(2) {
                let total = progress.reduce(0) { $0 + $1.size }
                print("artifacts: \(Self.size(bytes)) of \(Self.size(total)) delivered")
                lastPrint = .now
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    static func size(_ bytes: Int64) -> String {
        if bytes >= 1 << 30 { return String(format: "%.2f GiB", Double(bytes) / Double(1 << 30)) }
        if bytes >= 1 << 20 { return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) }
        return "\(bytes) bytes"
    }
}
