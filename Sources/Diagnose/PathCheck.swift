/// Environment: the agent's PATH, which every step and command check inherits. A relative entry
/// (".", or an empty one, which means ".") runs whatever lies in the current directory; a world-writable
/// entry lets any user plant a program a root step then runs; without /usr/bin or /bin basic tools
/// are missing.
public enum PathCheck {
    public static let name = "path"

    /// `facts` has an entry for every absolute directory of the PATH that exists.
    public static func evaluate(path: String?, facts: [String: PathEntryFacts]) -> Finding {
        guard let path, !path.isEmpty else {
            return Finding(check: name, status: .critical, evidence: "PATH is empty or unset",
                           remedy: "Set Environment=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin in the agent's unit (`systemctl edit nodeagent`), then restart it.")
        }
        let entries = path.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var problems: [String] = []
        let relative = entries.filter { !$0.hasPrefix("/") }.map { $0.isEmpty ? "(empty)" : $0 }
        if !relative.isEmpty { problems.append("relative entries \(relative.joined(separator: ", ")) search the current directory") }
        let writable = entries.filter { facts[$0]?.worldWritable == true }
        if !writable.isEmpty { problems.append("world-writable \(writable.joined(separator: ", "))") }
        if !entries.contains("/usr/bin") && !entries.contains("/bin") { problems.append("neither /usr/bin nor /bin is searched") }
        let missing = entries.filter { $0.hasPrefix("/") && facts[$0]?.isDirectory != true }
        var evidence = "PATH=\(path)"
        if !missing.isEmpty { evidence += "; not directories (harmless): \(DiagnosticText.list(missing, limit: 3))" }
        guard problems.isEmpty else {
            return Finding(check: name, status: .warning, evidence: evidence + "; " + problems.joined(separator: "; "),
                           remedy: "Give the agent a plain absolute PATH: Environment=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin in its unit (`systemctl edit nodeagent`), `chmod o-w` any world-writable directory on it, then restart the agent.")
        }
        return Finding(check: name, status: .ok, evidence: evidence)
    }
}
