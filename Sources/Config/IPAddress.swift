/// An IPv4 or IPv6 address literal, parsed strictly.
///
/// Parsed by hand (no `inet_pton`) so the rules are the same on every platform and every rejected
/// form gets a reason. IPv4 must be four dotted decimals without leading zeros, because `010.0.0.1`
/// means octal to some tools and decimal to others.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    case v4([UInt8])
    case v6([UInt16])

    /// Parses an IPv4 dotted quad or an IPv6 literal (no brackets, no zone index).
    public static func parse(_ text: String) -> IPAddress? {
        if text.contains(":") {
            return parseV6(text).map(IPAddress.v6)
        }
        return parseV4(text).map(IPAddress.v4)
    }

    /// True for `0.0.0.0` and `::`, which mean "every interface" and can never be dialled by a peer.
    public var isUnspecified: Bool {
        switch self {
        case .v4(let bytes): bytes.allSatisfy { $0 == 0 }
        case .v6(let groups): groups.allSatisfy { $0 == 0 }
        }
    }

    /// True for 127.0.0.0/8 and ::1: reachable only from this machine.
    public var isLoopback: Bool {
        switch self {
        case .v4(let bytes): bytes.first == 127
        case .v6(let groups): groups.dropLast().allSatisfy { $0 == 0 } && groups.last == 1
        }
    }

    /// The number of bits, 32 or 128; the upper bound of a CIDR prefix length.
    public var bitWidth: Int {
        switch self {
        case .v4: 32
        case .v6: 128
        }
    }

    /// Canonical text: dotted decimal, or RFC 5952 IPv6 (lowercase, longest zero run compressed).
    public var description: String {
        switch self {
        case .v4(let bytes): bytes.map(String.init).joined(separator: ".")
        case .v6(let groups): Self.formatV6(groups)
        }
    }

    static func parseV4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit) else { return nil }
            guard part.count == 1 || part.first != "0" else { return nil }
            guard let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    static func parseV6(_ text: String) -> [UInt16]? {
        let halves = text.components(separatedBy: "::")
        switch halves.count {
        case 1:
            guard let groups = parseV6Groups(halves[0]), groups.count == 8 else { return nil }
            return groups
        case 2:
            guard let head = parseV6Groups(halves[0]), let tail = parseV6Groups(halves[1]) else {
                return nil
            }
            let missing = 8 - head.count - tail.count
            guard missing >= 1 else { return nil }
            return head + Array(repeating: 0, count: missing) + tail
        default:
            return nil
        }
    }

    /// Parses colon-separated hex groups, allowing an embedded IPv4 tail (`::ffff:10.0.0.1`).
    private static func parseV6Groups(_ text: String) -> [UInt16]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1 && part.contains(".") {
                guard let v4 = parseV4(String(part)) else { return nil }
                groups.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                groups.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                continue
            }
            guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit),
                  let value = UInt16(part, radix: 16) else { return nil }
            groups.append(value)
        }
        return groups.count <= 8 ? groups : nil
    }

    private static func formatV6(_ groups: [UInt16]) -> String {
        let run = longestZeroRun(groups)
        let hex = groups.map { String($0, radix: 16) }
        guard let run, run.count >= 2 else { return hex.joined(separator: ":") }
        let head = hex[..<run.lowerBound].joined(separator: ":")
        let tail = hex[run.upperBound...].joined(separator: ":")
        return head + "::" + tail
    }

    private static func longestZeroRun(_ groups: [UInt16]) -> Range<Int>? {
        var best: Range<Int>?
        var start: Int?
        for index in 0...groups.count {
            let isZero = index < groups.count && groups[index] == 0
            if isZero {
                if start == nil { start = index }
            } else if let runStart = start {
                if runStart..<index != best, (index - runStart) > (best?.count ?? 0) {
                    best = runStart..<index
                }
                start = nil
            }
        }
        return best
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
