/// An immutable list of members known up front, shared (not copied) by every node initialised from it.
///
/// A real agent starts from seeds only; the roster exists so a simulation of 10,000 nodes does not need
/// 10⁸ membership records: each node stores only its differences from the shared roster.
public final class MemberRoster: Sendable {
    let members: [MemberID]
    let index: [String: Int]
    let addressIndex: [String: Int]

    /// Keeps the first entry of each name.
    public init(_ members: [MemberID]) {
        var list: [MemberID] = []
        var index: [String: Int] = [:]
        var addressIndex: [String: Int] = [:]
        for m in members where index[m.name] == nil {
            index[m.name] = list.count
            if addressIndex[m.address] == nil { addressIndex[m.address] = list.count }
            list.append(m)
        }
        self.members = list
        self.index = index
        self.addressIndex = addressIndex
    }

    public var count: Int { members.count }
}
