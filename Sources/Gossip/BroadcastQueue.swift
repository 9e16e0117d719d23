/// Updates waiting to be piggybacked. Each member has at most one queued update (newer news replaces
/// older), the least-sent go first, and an update is dropped after `limit` transmissions (λ·log N).
struct BroadcastQueue: Sendable {
    private struct Item: Sendable {
        var update: MemberUpdate
        var transmits: Int
        var order: UInt64
    }

    private var items: [Item] = []
    private var counter: UInt64 = 0

    var count: Int { items.count }
    var isEmpty: Bool { items.isEmpty }

    /// Queues `update`, replacing any queued update about the same member.
    mutating func enqueue(_ update: MemberUpdate) {
        counter += 1
        items.removeAll { $0.update.member.name == update.member.name }
        items.append(Item(update: update, transmits: 0, order: counter))
    }

    /// Takes up to `max` updates (least transmitted, then newest first), counting one transmission each,
    /// skipping members in `excluding`, and retiring updates that reached `limit` transmissions.
    mutating func take(max: Int, limit: Int, excluding: Set<String> = []) -> [MemberUpdate] {
        guard max > 0, !items.isEmpty else { return [] }
        let order = items.indices.sorted {
            let a = items[$0], b = items[$1]
            return a.transmits != b.transmits ? a.transmits < b.transmits : a.order > b.order
        }
        var picked: [MemberUpdate] = []
        for i in order where picked.count < max && !excluding.contains(items[i].update.member.name) {
            picked.append(items[i].update)
            items[i].transmits += 1
        }
        items.removeAll { $0.transmits >= limit }
        return picked
    }

    /// The queued update about `name`, if any.
    func queued(about name: String) -> MemberUpdate? {
        items.first { $0.update.member.name == name }?.update
    }
}
