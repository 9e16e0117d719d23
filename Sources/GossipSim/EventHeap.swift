/// A binary min-heap of timed items; ties keep insertion order, which keeps simulations deterministic.
struct EventHeap<Item> {
    private struct Entry {
        var time: Duration
        var seq: UInt64
        var item: Item
    }

    private var entries: [Entry] = []
    private var counter: UInt64 = 0

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }
    var nextTime: Duration? { entries.first?.time }

    mutating func push(_ item: Item, at time: Duration) {
        counter += 1
        entries.append(Entry(time: time, seq: counter, item: item))
        var i = entries.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(i, parent) else { break }
            entries.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (time: Duration, item: Item)? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let top = entries.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < entries.count, less(l, m) { m = l }
            if r < entries.count, less(r, m) { m = r }
            if m == i { break }
            entries.swapAt(i, m)
            i = m
        }
        return (top.time, top.item)
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        let x = entries[a], y = entries[b]
        return x.time != y.time ? x.time < y.time : x.seq < y.seq
    }
}
