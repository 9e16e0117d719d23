/// Resolves the file paths in a configuration.
///
/// Relative paths are taken against the directory of the config file, not the working directory,
/// so that the same file means the same thing whether systemd or an operator's shell starts the agent.
enum ConfigPath {
    /// `path` made absolute against `base` (when relative) and cleaned of `.`, `..` and `//`.
    static func resolve(_ path: String, against base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        return normalize(joined)
    }

    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !absolute {
                    parts.append(part)
                }
            default: parts.append(part)
            }
        }
        let body = parts.joined(separator: "/")
        if absolute { return "/" + body }
        return body.isEmpty ? "." : body
    }

    /// The directory part of a file path, for resolving paths relative to the config file.
    static func directory(of file: String) -> String {
        let normalized = normalize(file)
        guard let slash = normalized.lastIndex(of: "/") else { return "." }
        if slash == normalized.startIndex { return "/" }
        return String(normalized[..<slash])
    }

    /// Reads a path-valued key: present and non-empty, then resolved.
    static func read(_ reader: TableReader, _ name: String, base: String) throws(ConfigError) -> String? {
        guard let raw = try reader.nonEmptyString(name) else { return nil }
        return resolve(raw, against: base)
    }
}
