import Foundation
import Logging
import Mesh
import Operations
import Wire

/// Artifacts in the agent: the inbox every node has (its operations' staging directories), the
/// outbox of a node an operator uploaded to, and the admin commands `op run` uses — `artifact-put`
/// (the operator's file, a piece at a time, into this node's staging), `artifact-send` (from here to
/// the targets over the mesh) and `artifact-status`.
final class ArtifactService: Sendable {
    let inbox: ArtifactInbox
    let outbox: ArtifactOutbox
    private let mesh: Mesh
    private let me: String

    init(dataDirectory: String, me: String, mesh: Mesh, logger: Logger) {
        inbox = ArtifactInbox(root: dataDirectory + "/staging", logger: logger)
        outbox = ArtifactOutbox(mesh: mesh, logger: logger)
        self.mesh = mesh
        self.me = me
    }

    func start() { outbox.start() }
    func stop() { outbox.stop() }

    /// An `artifact` frame from a peer (on the event loop). A malformed one is dropped: the origin's
    /// stall check offers again, and a peer that keeps sending garbage gets nothing stored.
    func receive(_ frame: Frame, from: String) {
        guard let (message, body) = try? HeaderedPayload.decode(ArtifactMessage.self, from: frame) else { return }
        switch message {
        case .offer, .chunk:
            let mesh = self.mesh
            inbox.handle(message, body: body, from: from) { answer in
                guard let answer, let reply = try? HeaderedPayload.frame(.artifact, header: answer, body: []) else { return }
                mesh.eventLoop.execute { _ = mesh.send(reply, to: from) }
            }
        case .have, .ack, .stored, .refused:
            outbox.receive(message, from: from)
        }
    }

    // MARK: Admin

    /// One piece of the operator's upload: an empty piece at offset 0 is the offer (the answer says
    /// how much this node already has, so an interrupted upload resumes), the others are chunks.
    func put(_ arguments: [String: String], admin: String) async -> Result<JSONValue, AgentError> {
        let id: TransferID, manifest: ArtifactManifest
        switch Self.manifest(arguments) {
        case let .success(found): (id, manifest) = found
        case let .failure(error): return .failure(error)
        }
        guard let offset = arguments["offset"].flatMap(Int64.init), offset >= 0 else { return .failure(.config("artifact-put needs \"offset\"")) }
        guard let data = Data(base64Encoded: arguments["data"] ?? "") else { return .failure(.config("artifact-put: \"data\" is not base64")) }
        let message: ArtifactMessage = data.isEmpty ? .offer(id, manifest) : .chunk(id, offset: offset, count: data.count)
        guard let answer = await inbox.answer(message, body: ArraySlice(data), from: admin) else {
            return .failure(.config("no upload of \(id) in progress at byte \(offset): offer it first (an empty piece at offset 0)"))
        }
        return .success(Self.render(answer))
    }

    /// Sends this node's checked copy of an artifact to `nodes` (comma-separated; this node is skipped:
    /// its copy is in place already).
    func send(_ arguments: [String: String]) -> Result<JSONValue, AgentError> {
        let id: TransferID, manifest: ArtifactManifest
        switch Self.manifest(arguments) {
        case let .success(found): (id, manifest) = found
        case let .failure(error): return .failure(error)
        }
        guard inbox.stored(id, manifest) else { return .failure(.config("\(id) is not stored whole on \(me): upload it first")) }
        let targets = (arguments["nodes"] ?? "").split(separator: ",").map(String.init).filter { $0 != me }
        outbox.send(id, manifest: manifest, path: inbox.finalPath(id, manifest.destination), to: targets)
        return .success(.object(["targets": .number(Double(targets.count))]))
    }

    func status(operation: String) async -> [ArtifactProgress] {
        (try? await outbox.progress(of: operation).get()) ?? []
    }

    static func manifest(_ arguments: [String: String]) -> Result<(TransferID, ArtifactManifest), AgentError> {
        guard let operation = arguments["id"], let name = arguments["name"], let destination = arguments["destination"],
              let size = arguments["size"].flatMap(Int64.init), let sha = arguments["sha256"],
              let max = arguments["max"].flatMap(Int64.init) else {
            return .failure(.config("an artifact needs \"id\", \"name\", \"destination\", \"size\", \"sha256\" and \"max\" (from nodeagent op run)"))
        }
        let manifest = ArtifactManifest(destination: destination, size: size, sha256: sha, maxBytes: max)
        if let refusal = manifest.refusal { return .failure(.config("artifact \(name): \(refusal)")) }
        return .success((TransferID(operation: operation, artifact: name), manifest))
    }

    static func render(_ message: ArtifactMessage) -> JSONValue {
        switch message {
        case let .have(_, bytes): .object(["state": .string("have"), "bytes": .number(Double(bytes))])
        case let .ack(_, received): .object(["state": .string("ack"), "bytes": .number(Double(received))])
        case .stored: .object(["state": .string("stored")])
        case let .refused(_, reason): .object(["state": .string("refused"), "reason": .string(reason)])
        case .offer, .chunk: .object(["state": .string("unexpected")])
        }
    }
}
