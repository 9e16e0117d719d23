/// Why a policy change was refused; the message says what would be accepted.
public enum EventPolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownPolicy(String, known: [String])
    case mandatory(String)
    case unknownParameter(policy: String, key: String, known: [String])
    case badValue(policy: String, key: String, value: String, expected: String)
    case nothingToChange(String)

    public var description: String {
        switch self {
        case let .unknownPolicy(name, known):
            "no event policy called \"\(name)\"; known: \(known.joined(separator: ", "))"
        case let .mandatory(name):
            "\(name) is mandatory and cannot be disabled: it reports a fault that makes the database or the fleet "
                + "unavailable; change its severity or parameters instead"
        case let .unknownParameter(policy, key, known):
            known.isEmpty
                ? "\(policy) has no parameters (\"\(key)\" given)"
                : "\(policy) has no parameter \"\(key)\"; its parameters: \(known.joined(separator: ", "))"
        case let .badValue(policy, key, value, expected):
            "\(policy): \(key)=\(value) is not \(expected)"
        case let .nothingToChange(name):
            "nothing to change for \(name): give --enabled, --severity or --param KEY=VALUE"
        }
    }
}
