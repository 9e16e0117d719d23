/// File handles: the node's open files (/proc/sys/fs/file-nr) against fs.file-max, and the process
/// holding the most descriptors against its own limit — where a descriptor leak shows first.
public enum FileHandleCheck {
    public static let name = "file-handles"

    /// `fileNr` is the text of /proc/sys/fs/file-nr ("allocated  unused  max"); `holders` are the
    /// processes the shell could read (all of them as root, the agent's user's otherwise).
    public static func evaluate(fileNr: String, holders: [DescriptorHolder]) -> Finding {
        let fields = fileNr.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).compactMap { Int($0) }
        guard fields.count == 3, fields[2] > 0, fields[0] >= 0 else {
            return .unknown(name, "cannot read /proc/sys/fs/file-nr: \"\(fileNr.prefix(60))\"")
        }
        let nodeFraction = Double(fields[0]) / Double(fields[2])
        var evidence = "\(fields[0]) of \(fields[2]) handles open (\(DiagnosticText.percent(nodeFraction)))"
        var processFraction = 0.0
        var top: DescriptorHolder?
        if let holder = holders.max(by: { ($0.count, $1.pid) < ($1.count, $0.pid) }) {
            top = holder
            evidence += "; most held: pid \(holder.pid) (\(holder.name)) \(holder.count)"
            if let limit = holder.limit, limit > 0 {
                processFraction = Double(holder.count) / Double(limit)
                evidence += " of its limit \(limit)"
            }
            evidence += ", among \(holders.count) processes read"
        }
        let who = top.map { "pid \($0.pid) (\($0.name))" } ?? "the top process"
        let remedy = "See what \(who) keeps open: `ls -l /proc/\(top.map { String($0.pid) } ?? "PID")/fd | awk '{print $NF}' | sort | uniq -c | sort -n | tail` (or `lsof -p PID`). Growing counts of one kind are a leak: restart the service now and report it; a legitimately busy service needs LimitNOFILE= raised in its unit, and the node fs.file-max in /etc/sysctl.d."
        let status: DiagnosticStatus =
            nodeFraction >= DiagnosticThresholds.fileHandlesCritical || processFraction >= DiagnosticThresholds.processDescriptorsCritical ? .critical
            : nodeFraction >= DiagnosticThresholds.fileHandlesWarning || processFraction >= DiagnosticThresholds.processDescriptorsWarning ? .warning
            : .ok
        return Finding(check: name, status: status, evidence: evidence, remedy: status == .ok ? "" : remedy)
    }
}
