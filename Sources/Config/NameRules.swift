/// The shapes of the names that appear in a configuration, each with the reason it is restricted.
enum NameRules {
    /// A node name is a lowercase DNS label, because it must equal the SAN of the node's certificate.
    static func isNodeName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard (1...63).contains(scalars.count), scalars.allSatisfy(isLowerAlnumOrHyphen) else { return false }
        return scalars.first != "-" && scalars.last != "-"
    }

    /// A role is a short free-text tag (`app`, `int`, `db`) used to target operations.
    static func isRole(_ role: String) -> Bool {
        let scalars = Array(role.unicodeScalars)
        return (1...32).contains(scalars.count)
            && scalars.allSatisfy { isLowerAlnumOrHyphen($0) || $0 == "_" }
    }

    /// Check and VIP group names end up in keepalived track-file names and log fields.
    static func isSimpleName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        return (1...64).contains(scalars.count) && scalars.allSatisfy(KeyPath.isBareKeyScalar)
    }

    /// keepalived instance names are echoed back quoted on its notify FIFO; no spaces or quotes.
    static func isInstanceName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        return (1...64).contains(scalars.count)
            && scalars.allSatisfy { KeyPath.isBareKeyScalar($0) || $0 == "." }
    }

    /// Linux interface names: at most 15 bytes (IFNAMSIZ - 1), no '/', no blanks.
    static func isInterfaceName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard (1...15).contains(scalars.count), name != ".", name != ".." else { return false }
        return scalars.allSatisfy { KeyPath.isBareKeyScalar($0) || $0 == "." }
    }

    /// Docker container names or IDs.
    static func isContainerName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard (1...128).contains(scalars.count), let first = scalars.first, KeyPath.isBareKeyScalar(first),
              first != "_", first != "-" else { return false }
        return scalars.allSatisfy { KeyPath.isBareKeyScalar($0) || $0 == "." }
    }

    static let unitSuffixes = ["service", "socket", "target", "mount", "automount", "timer", "path",
                               "scope", "slice", "device", "swap"]

    /// systemd unit names: a name, a dot and a known unit type.
    static func isUnitName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard (3...255).contains(scalars.count),
              scalars.allSatisfy({ KeyPath.isBareKeyScalar($0) || ".:@\\".unicodeScalars.contains($0) }),
              let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        return unitSuffixes.contains(String(name[name.index(after: dot)...]))
    }

    /// A file inside a staging directory: no path separators, not `.` or `..`, no leading dot.
    static func isFileName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard (1...255).contains(scalars.count), scalars.first != "." else { return false }
        return scalars.allSatisfy { KeyPath.isBareKeyScalar($0) || $0 == "." }
    }

    /// An environment variable a step sets: a letter or `_`, then letters, digits, `_`.
    static func isEnvironmentName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, scalars.count <= 128, first == "_" || ("A"..."Z").contains(first) || ("a"..."z").contains(first)
        else { return false }
        return scalars.allSatisfy { $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    private static func isLowerAlnumOrHyphen(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "0"..."9", "-": true
        default: false
        }
    }
}
