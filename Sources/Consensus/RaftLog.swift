extension Raft {
    /// The in-memory replicated log of one node: a snapshot that stands for every entry up to
    /// `snapshotIndex`, followed by the entries after it.
    ///
    /// Pure bookkeeping; durability is the driver's job through the persist effects the core emits.
    struct Log: Sendable {
        private(set) var snapshot: Snapshot?
        private(set) var entries: [Entry] = []

        var snapshotIndex: UInt64 { snapshot?.lastIndex ?? 0 }
        var snapshotTerm: UInt64 { snapshot?.lastTerm ?? 0 }
        var lastIndex: UInt64 { entries.last?.index ?? snapshotIndex }
        var lastTerm: UInt64 { entries.last?.term ?? snapshotTerm }

        /// Builds the log from what storage returned, dropping anything that cannot belong to it: entries at
        /// or below the snapshot, entries that do not follow on in index, and entries whose term is below the
        /// snapshot's (a stale suffix left by a crash between persisting a snapshot and truncating the log).
        init(snapshot: Snapshot?, entries: [Entry]) {
            self.snapshot = snapshot
            var expected = (snapshot?.lastIndex ?? 0) + 1
            var minTerm = snapshot?.lastTerm ?? 0
            for entry in entries where entry.index >= expected {
                guard entry.index == expected, entry.term >= minTerm else { break }
                self.entries.append(entry)
                expected += 1
                minTerm = entry.term
            }
        }

        /// The term of the entry at `index`, or nil when the index is beyond the log or compacted away.
        func term(at index: UInt64) -> UInt64? {
            if index == snapshotIndex { return snapshotTerm }
            guard index > snapshotIndex, index <= lastIndex else { return nil }
            return entries[Int(index - snapshotIndex - 1)].term
        }

        func entry(at index: UInt64) -> Entry? {
            guard index > snapshotIndex, index <= lastIndex else { return nil }
            return entries[Int(index - snapshotIndex - 1)]
        }

        /// Up to `limit` entries starting at `index` (which must be above the snapshot).
        func entries(from index: UInt64, limit: Int) -> [Entry] {
            guard index > snapshotIndex, index <= lastIndex else { return [] }
            let start = Int(index - snapshotIndex - 1)
            let end = min(entries.count, start + max(1, limit))
            return Array(entries[start..<end])
        }

        mutating func append(_ entry: Entry) {
            entries.append(entry)
        }

        /// Drops every entry with index >= `index` (never the snapshot).
        mutating func truncate(from index: UInt64) {
            guard index > snapshotIndex else {
                entries.removeAll()
                return
            }
            let keep = Int(index - snapshotIndex - 1)
            if keep < entries.count { entries.removeSubrange(keep...) }
        }

        /// Installs `newSnapshot`, keeping the entries after it only if the log agrees with it at its index.
        /// Returns true when the entries after the snapshot were kept.
        @discardableResult
        mutating func install(_ newSnapshot: Snapshot) -> Bool {
            let agrees = term(at: newSnapshot.lastIndex) == newSnapshot.lastTerm
            if agrees {
                entries.removeAll { $0.index <= newSnapshot.lastIndex }
            } else {
                entries.removeAll()
            }
            snapshot = newSnapshot
            return agrees
        }
    }
}
