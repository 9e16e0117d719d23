/// `[checks.NAME]`: a named probe of local health, with the same interval/timeout/fall/rise
/// semantics as a keepalived `vrrp_script`, so operators can carry their settings over.
public struct CheckConfig: Sendable, Equatable {
    public var name: String
    public var probe: CheckProbe
    public var intervalMs: Int
    /// Must be below `intervalMs`, so at most one probe of a check is in flight.
    public var timeoutMs: Int
    /// Consecutive failures before the check counts as failed.
    public var fall: Int
    /// Consecutive successes before a failed check counts as healthy again.
    public var rise: Int

    public init(name: String, probe: CheckProbe, intervalMs: Int = 1000, timeoutMs: Int = 500,
                fall: Int = 2, rise: Int = 1) {
        self.name = name
        self.probe = probe
        self.intervalMs = intervalMs
        self.timeoutMs = timeoutMs
        self.fall = fall
        self.rise = rise
    }

    static let commonKeys = ["type", "interval_ms", "timeout_ms", "fall", "rise"]

    static func read(name: String, _ reader: TableReader) throws(ConfigError) -> CheckConfig {
        guard NameRules.isSimpleName(name) else {
            throw .invalid(key: reader.path, message: "\(Quote.value(name)) is not a check name; "
                + "use 1 to 64 of A-Z, a-z, 0-9, '_', '-'")
        }
        let type = try readType(reader)
        try rejectForeignKeys(reader, type: type)
        let probe = try CheckProbe.read(type: type, reader)
        let interval = try reader.int("interval_ms", in: 10...3_600_000) ?? 1000
        let timeout = try reader.int("timeout_ms", in: 1...3_600_000) ?? 500
        guard timeout < interval else {
            throw .invalid(key: reader.key("timeout_ms"),
                           message: "\(timeout) must be less than interval_ms (\(interval))")
        }
        return CheckConfig(name: name, probe: probe, intervalMs: interval, timeoutMs: timeout,
                           fall: try reader.int("fall", in: 1...100) ?? 2,
                           rise: try reader.int("rise", in: 1...100) ?? 1)
    }

    private static func readType(_ reader: TableReader) throws(ConfigError) -> String {
        let type = try reader.requiredString("type")
        guard CheckProbe.typeNames.contains(type) else {
            let names = CheckProbe.typeNames.map { "\"\($0)\"" }.joined(separator: ", ")
            throw .invalid(key: reader.key("type"), message: "\(Quote.value(type)) is not a check type; "
                + "expected one of \(names)")
        }
        return type
    }

    /// Keys of another check type get a message naming that type; others are unknown keys.
    private static func rejectForeignKeys(_ reader: TableReader, type: String) throws(ConfigError) {
        let known = commonKeys + CheckProbe.keys(forType: type)
        for name in reader.keys where !known.contains(name) {
            if let owner = CheckProbe.typeNames.first(where: { CheckProbe.keys(forType: $0).contains(name) }) {
                throw .invalid(key: reader.key(name),
                               message: "is a setting of \"\(owner)\" checks, not of a \"\(type)\" check")
            }
            throw .unknownKey(key: reader.key(name), suggestion: KeySuggester.suggest(name, among: known))
        }
    }

    func render(into writer: inout TOMLWriter) {
        writer.section(["checks", name])
        probe.render(into: &writer)
        writer.int("interval_ms", intervalMs)
        writer.int("timeout_ms", timeoutMs)
        writer.int("fall", fall)
        writer.int("rise", rise)
    }
}
