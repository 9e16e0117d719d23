import Foundation

/// OS state: the kernel's taint flags (/proc/sys/kernel/tainted), which record an oops, a machine
/// check, a soft lockup or a warning since boot — the traces of a kernel that is no longer sound.
public enum KernelTaintCheck {
    public static let name = "kernel"

    /// Taint bits that record a fault: the kernel oopsed (D), the hardware reported a machine check
    /// (M) or a bad page (B). The node may fail again at any moment.
    static let faults: [(bit: Int, letter: Character, meaning: String)] = [
        (7, "D", "kernel oops or BUG"), (4, "M", "machine check exception"), (5, "B", "bad page referenced"),
    ]
    /// Bits that record trouble short of a fault: a kernel WARN (W), a soft lockup (L), an
    /// out-of-spec system (S).
    static let troubles: [(bit: Int, letter: Character, meaning: String)] = [
        (9, "W", "kernel warning"), (14, "L", "soft lockup"), (2, "S", "system out of specification"),
    ]
    /// Letters of the other bits, informational (proprietary, out-of-tree, unsigned modules, live patches…).
    static let letters: [Character] = Array("PFSRMBUDAWCIOELKXTNJ")

    public static func evaluate(tainted text: String) -> Finding {
        guard let mask = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return .unknown(name, "cannot read /proc/sys/kernel/tainted: \"\(text.prefix(40))\"")
        }
        if mask == 0 { return Finding(check: name, status: .ok, evidence: "not tainted") }
        let set = letters.indices.filter { mask & (1 << UInt64($0)) != 0 }.map { String(letters[$0]) }.joined()
        let hit = { (list: [(bit: Int, letter: Character, meaning: String)]) in
            list.filter { mask & (1 << UInt64($0.bit)) != 0 }.map { "\($0.letter): \($0.meaning)" }
        }
        let faultHits = hit(faults), troubleHits = hit(troubles)
        let remedy = "Read what the kernel logged: `journalctl -k -b -p warning` (or `dmesg -T | grep -iE 'oops|bug|mce|lockup|warning'`). Move the node's services away (`nodeagent vip promote` its peer), reboot it, and if it recurs check the hardware (`rasdaemon`/`mcelog`) and the kernel version."
        if !faultHits.isEmpty {
            return Finding(check: name, status: .critical, evidence: "tainted \(mask) (\(set)): \((faultHits + troubleHits).joined(separator: "; "))", remedy: remedy)
        }
        if !troubleHits.isEmpty {
            return Finding(check: name, status: .warning, evidence: "tainted \(mask) (\(set)): \(troubleHits.joined(separator: "; "))", remedy: remedy)
        }
        return Finding(check: name, status: .ok, evidence: "tainted \(mask) (\(set)): modules only, no fault recorded")
    }
}
