import NIOConcurrencyHelpers
import NIOCore
import Wire

/// Asking another node an admin query through its peer connection: the HTTP API's `/v1/nodes/{node}/…`
/// and the CLI's `--node`. The peer answers as it answers any node: queries only.
extension Mesh {
    /// The answer of `node` to `request`, or nil when it is not connected or does not answer within
    /// `timeout`.
    public func forward(_ request: AdminRequest, to node: String, timeout: Duration) async -> AdminResponse? {
        let id = Self.forwardIDs.withLockedValue { next in
            next &+= 1
            return next
        }
        var forwarded = request
        forwarded.id = id
        guard let frame = try? WireCodec.frame(.adminRequest, forwarded) else { return nil }
        let answer: AdminResponse? = await withCheckedContinuation { continuation in
            pendingForwards.withLockedValue { $0[id] = continuation }
            eventLoop.execute {
                if !self.send(frame, to: node) { self.finishForward(id, nil) }
            }
            eventLoop.scheduleTask(in: .nanoseconds(Int64(timeout / .nanoseconds(1)))) { self.finishForward(id, nil) }
        }
        guard var answer else { return nil }
        answer.id = request.id
        return answer
    }

    /// An `adminResponse` frame on a peer connection: the answer to a forwarded request.
    func deliverAdminResponse(_ response: AdminResponse) {
        finishForward(response.id, response)
    }

    private func finishForward(_ id: UInt64, _ response: AdminResponse?) {
        pendingForwards.withLockedValue { $0.removeValue(forKey: id) }?.resume(returning: response)
    }

    /// Forwarded request ids, unique within the process (an answer carries the id it answers).
    static let forwardIDs = NIOLockedValueBox<UInt64>(1 << 32)
}
