/// Builds and splits the dotted key names used in error messages.
///
/// Keys from the file can contain dots, spaces or quotes (`[checks."a.b"]`); quoting such components
/// keeps the dotted name unambiguous, in the same syntax the operator would type in TOML.
enum KeyPath {
    /// Joins a parent path and a key, quoting the key when it is not a bare TOML key.
    static func join(_ parent: String, _ key: String) -> String {
        let component = quoteIfNeeded(key)
        return parent.isEmpty ? component : parent + "." + component
    }

    /// A key as it would be written in TOML: bare when possible, else a basic string.
    static func quoteIfNeeded(_ key: String) -> String {
        if !key.isEmpty && key.unicodeScalars.allSatisfy(isBareKeyScalar) {
            return key
        }
        return TOMLWriter.quoted(key)
    }

    /// Splits `a.b."c.d"` into table `a.b` and last component `c.d` (unquoted), respecting quotes.
    static func splitLast(_ path: String) -> (table: String, last: String) {
        var inQuote = false
        var escaped = false
        var lastDot: String.Index?
        var index = path.startIndex
        while index < path.endIndex {
            let character = path[index]
            if escaped {
                escaped = false
            } else if inQuote && character == "\\" {
                escaped = true
            } else if character == "\"" {
                inQuote.toggle()
            } else if character == "." && !inQuote {
                lastDot = index
            }
            index = path.index(after: index)
        }
        guard let lastDot else { return ("", unquote(path)) }
        let table = String(path[path.startIndex..<lastDot])
        let last = String(path[path.index(after: lastDot)...])
        return (table, unquote(last))
    }

    private static func unquote(_ component: String) -> String {
        guard component.count >= 2, component.hasPrefix("\""), component.hasSuffix("\"") else {
            return component
        }
        return String(component.dropFirst().dropLast())
    }

    static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }
}
