/// Writes TOML text by hand, so that `NodeConfig.renderTOML()` produces a stable, readable file
/// (sections in schema order, keys sorted) whose strings are always escaped correctly.
struct TOMLWriter {
    private(set) var text = ""

    /// Starts a `[table]` section, separated from the previous one by a blank line.
    mutating func section(_ path: [String]) {
        if !text.isEmpty { text += "\n" }
        text += "[" + path.map(KeyPath.quoteIfNeeded).joined(separator: ".") + "]\n"
    }

    mutating func line(_ key: String, _ value: String) {
        text += KeyPath.quoteIfNeeded(key) + " = " + value + "\n"
    }

    mutating func string(_ key: String, _ value: String?) {
        if let value { line(key, Self.quoted(value)) }
    }

    mutating func int(_ key: String, _ value: Int?) {
        if let value { line(key, String(value)) }
    }

    mutating func bool(_ key: String, _ value: Bool) {
        line(key, value ? "true" : "false")
    }

    mutating func strings(_ key: String, _ values: [String]) {
        line(key, Self.array(values))
    }

    /// An array of string arrays, as used for argv lists.
    mutating func argvLists(_ key: String, _ lists: [[String]]) {
        line(key, "[" + lists.map(Self.array).joined(separator: ", ") + "]")
    }

    /// An inline table with keys sorted, e.g. `{ app1 = 150, app2 = 100 }`.
    mutating func inlineTable(_ key: String, _ entries: [String: String]) {
        let body = entries.keys.sorted().compactMap { name in
            entries[name].map { KeyPath.quoteIfNeeded(name) + " = " + $0 }
        }
        line(key, body.isEmpty ? "{}" : "{ " + body.joined(separator: ", ") + " }")
    }

    static func array(_ values: [String]) -> String {
        "[" + values.map(quoted).joined(separator: ", ") + "]"
    }

    /// A TOML basic string; control characters are escaped so the result is always one valid line.
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u" + hex4(scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
