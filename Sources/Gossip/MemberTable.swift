/// The membership table of one node: an optional shared roster (all alive at incarnation 0) plus this
/// node's own records, which override it. Slots give stable, deterministic iteration and random access.
struct MemberTable: Sendable {
    struct Record: Sendable, Equatable {
        var id: MemberID
        var status: MemberStatus
        var incarnation: UInt64
        var metadata: MemberMetadata
    }

    private let roster: MemberRoster?
    private var overrides: [String: Record] = [:]
    private var extras: [String] = []
    private var removedFromRoster: Set<String> = []
    /// Members with status alive or suspect, this node included when it is listed.
    private(set) var activeCount: Int

    init(roster: MemberRoster?) {
        self.roster = roster
        activeCount = roster?.count ?? 0
    }

    /// Number of slots; some may be empty (removed members).
    var slotCount: Int { (roster?.count ?? 0) + extras.count }

    func record(atSlot slot: Int) -> Record? {
        let rosterCount = roster?.count ?? 0
        if slot < rosterCount, let roster {
            let id = roster.members[slot]
            return self[id.name]
        }
        let extra = slot - rosterCount
        guard extra >= 0, extra < extras.count else { return nil }
        return overrides[extras[extra]]
    }

    subscript(name: String) -> Record? {
        if let r = overrides[name] { return r }
        guard let roster, let i = roster.index[name], !removedFromRoster.contains(name) else { return nil }
        return Record(id: roster.members[i], status: .alive, incarnation: 0, metadata: MemberMetadata())
    }

    mutating func set(_ record: Record) {
        let name = record.id.name
        let old = self[name]
        if old == nil {
            if roster?.index[name] != nil {
                removedFromRoster.remove(name)
            } else if overrides[name] == nil {
                extras.append(name)
            }
        }
        if old?.status.isActive == true { activeCount -= 1 }
        if record.status.isActive { activeCount += 1 }
        overrides[name] = record
    }

    mutating func remove(_ name: String) {
        guard let old = self[name] else { return }
        if old.status.isActive { activeCount -= 1 }
        overrides[name] = nil
        if roster?.index[name] != nil {
            removedFromRoster.insert(name)
        } else {
            extras.removeAll { $0 == name }
        }
    }
}
