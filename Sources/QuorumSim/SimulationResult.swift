/// What one simulated run found: the invariant violations (empty when all held) and counters that show
/// the run actually exercised the protocol.
public struct SimulationResult: Sendable, CustomStringConvertible {
    public var seed: UInt64
    public var violations: [String] = []
    public var steps = 0
    public var elections = 0
    public var committedEntries = 0
    public var leasesIssued = 0
    public var snapshotsInstalled = 0
    public var crashes = 0
    /// "Disk lost" faults injected, and how long (true ms) each wiped node took, from its restart (or the
    /// heal, if later), until its commit index reached the highest commit index at its restart.
    public var diskLosses = 0
    public var catchUpMillis: [Int64] = []
    /// Wiped nodes that were still behind when the run ended (or crashed again before catching up).
    public var catchUpsPending = 0
    public var catchUpsInterrupted = 0
    public var maxTerm: UInt64 = 0
    /// Entries older nodes applied as no-ops because they did not know the command kind (mixed versions).
    public var unknownCommandsApplied = 0
    /// Whether a coordinator committed something after the network healed (only with `healAfterMillis`).
    public var progressAfterHeal = false
    /// Digest of the committed history: equal for two runs of one seed.
    public var historyDigest: UInt64 = 0

    public var description: String {
        "seed=\(seed) steps=\(steps) elections=\(elections) committed=\(committedEntries) leases=\(leasesIssued) "
            + "snapshots=\(snapshotsInstalled) crashes=\(crashes) maxTerm=\(maxTerm) violations=\(violations.count)"
            + (diskLosses > 0 ? " diskLosses=\(diskLosses) catchUpMaxMs=\(catchUpMillis.max() ?? -1) pending=\(catchUpsPending)" : "")
            + (violations.first.map { " first: \($0)" } ?? "")
    }
}
