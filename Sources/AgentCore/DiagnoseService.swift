import Actions
import Diagnose
import Foundation
import Mesh
import Synchronization
import Wire

/// `nodeagent diagnose` in the agent: runs this node's checks through the shell, answers peers that
/// ask for them in `diagnose` frames, and for `--all` asks every connected peer at once, giving each
/// `peerWait` to answer.
final class DiagnoseService: Sendable {
    /// How long `--all` waits for a peer: the checks' own bound (4 s) plus the mesh round trip with
    /// room to spare; a node that takes longer (or an older agent that skipped the frame) is shown
    /// as "no answer".
    static let peerWait: Duration = .seconds(8)

    private let shell = DiagnosticShell()
    private let mesh: Mesh
    private let context: @Sendable () async -> DiagnosticContext
    /// Requests waiting for a peer's report, by token.
    private let waiters = Mutex<[UInt64: CheckedContinuation<DiagnosticReport?, Never>]>([:])
    private let nextToken = Atomic<UInt64>(1)

    init(mesh: Mesh, context: @escaping @Sendable () async -> DiagnosticContext) {
        self.mesh = mesh
        self.context = context
    }

    /// This node's findings.
    func local() async -> DiagnosticReport {
        await shell.run(await context())
    }

    /// A `diagnose` frame from a peer (on the event loop): a request to answer, or an answer to a
    /// request of ours. Malformed frames are dropped; the asker's wait bounds the silence.
    func receive(_ frame: Frame, from: String) {
        guard let envelope = try? WireCodec.decode(DiagnoseEnvelope.self, from: frame) else { return }
        switch envelope {
        case let .request(token):
            let mesh = self.mesh
            Task {
                let report = await self.local()
                guard let reply = try? WireCodec.frame(.diagnose, DiagnoseEnvelope.report(token: token, report)) else { return }
                mesh.eventLoop.execute { _ = mesh.send(reply, to: from) }
            }
        case let .report(token, report):
            waiters.withLock { $0.removeValue(forKey: token) }?.resume(returning: report)
        }
    }

    /// Every connected peer's findings and this node's, sorted by node name.
    func fleet(me: String) async -> [NodeDiagnosis] {
        let peers = await mesh.peerStatuses().map(\.node).filter { $0 != me }
        return await withTaskGroup(of: NodeDiagnosis.self) { group in
            group.addTask { NodeDiagnosis(node: me, report: await self.local(), problem: nil) }
            for peer in peers {
                group.addTask {
                    guard let report = await self.ask(peer) else {
                        return NodeDiagnosis(node: peer, report: nil, problem: "no answer within \(Self.peerWait.components.seconds) s")
                    }
                    return NodeDiagnosis(node: peer, report: report, problem: nil)
                }
            }
            var rows: [NodeDiagnosis] = []
            for await row in group { rows.append(row) }
            return rows.sorted { $0.node < $1.node }
        }
    }

    /// Asks one peer; nil when it does not answer within `peerWait`.
    private func ask(_ peer: String) async -> DiagnosticReport? {
        let token = nextToken.add(1, ordering: .relaxed).newValue
        guard let frame = try? WireCodec.frame(.diagnose, DiagnoseEnvelope.request(token: token)) else { return nil }
        return await withCheckedContinuation { continuation in
            waiters.withLock { $0[token] = continuation }
            let mesh = self.mesh
            mesh.eventLoop.execute {
                if !mesh.send(frame, to: peer) { self.expire(token) }
            }
            Task {
                try? await Task.sleep(for: Self.peerWait)
                self.expire(token)
            }
        }
    }

    private func expire(_ token: UInt64) {
        waiters.withLock { $0.removeValue(forKey: token) }?.resume(returning: nil)
    }
}
