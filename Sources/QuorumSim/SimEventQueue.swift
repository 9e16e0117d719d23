/// A min-heap of timed simulation events, ordered by (time, insertion sequence) so that ties resolve
/// the same way on every run.
struct SimEventQueue {
    struct Item {
        var time: Int64
        var sequence: UInt64
        var event: SimEvent
    }

    private var heap: [Item] = []
    private var nextSequence: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var nextTime: Int64? { heap.first?.time }

    mutating func push(_ event: SimEvent, at time: Int64) {
        heap.append(Item(time: time, sequence: nextSequence, event: event))
        nextSequence += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Item? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var best = parent
            if left < heap.count, Self.before(heap[left], heap[best]) { best = left }
            if right < heap.count, Self.before(heap[right], heap[best]) { best = right }
            if best == parent { break }
            heap.swapAt(parent, best)
            parent = best
        }
        return top
    }

    private static func before(_ a: Item, _ b: Item) -> Bool {
        a.time != b.time ? a.time < b.time : a.sequence < b.sequence
    }
}
