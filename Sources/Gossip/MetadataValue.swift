/// One value of member metadata. A closed set of plain types keeps the gossip payload small, JSON-friendly
/// and comparable, while still letting later layers publish roles, VIP groups, check summaries and loads.
public enum MetadataValue: Sendable, Equatable, Codable, CustomStringConvertible {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case double(Double)
    case strings([String])

    public var description: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return String(b)
        case .double(let d): return String(d)
        case .strings(let l): return "[" + l.joined(separator: ",") + "]"
        }
    }

    /// A close estimate of the JSON-encoded size, for load accounting without encoding.
    var estimatedSize: Int {
        switch self {
        case .string(let s): return 18 + s.utf8.count
        case .int: return 28
        case .bool: return 22
        case .double: return 32
        case .strings(let l): return 20 + l.reduce(0) { $0 + $1.utf8.count + 3 }
        }
    }
}
