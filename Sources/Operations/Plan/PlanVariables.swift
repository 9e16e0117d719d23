/// The per-node values a step's arguments, environment and working directory may name:
/// `{node}`, `{role}`, `{group}` (the node's first VIP group, empty if none) and `{staging}` (the
/// directory the operation's artifacts arrived in). `$` before a brace is left alone, so a shell's
/// `${VAR}` passes through.
public struct PlanVariables: Hashable, Sendable {
    public static let names = ["node", "role", "group", "staging"]

    public var values: [String: String]

    public init(node: String, role: String, group: String, staging: String) {
        values = ["node": node, "role": role, "group": group, "staging": staging]
    }

    /// Some of the variables: the others stay as written (a node fills in `{staging}` alone).
    public init(values: [String: String]) {
        self.values = values
    }

    /// `text` with every known `{name}` replaced.
    public func expand(_ text: String) -> String {
        var output = ""
        for piece in Self.scan(text) {
            switch piece {
            case let .literal(literal): output += literal
            case let .variable(name): output += values[name] ?? "{\(name)}"
            }
        }
        return output
    }

    /// The `{name}`s in `text` that are not variables, so a plan with `{nod}` is refused instead of
    /// running a command with the typo in it.
    public static func unknownNames(in text: String) -> [String] {
        scan(text).compactMap {
            if case let .variable(name) = $0, !names.contains(name) { return name }
            return nil
        }
    }

    enum Piece: Equatable { case literal(String), variable(String) }

    /// Splits at `{identifier}` (lowercase letters, digits, `_`), except right after `$`.
    static func scan(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "{", !literal.hasSuffix("$"), let close = text[index...].firstIndex(of: "}") {
                let name = String(text[text.index(after: index)..<close])
                if !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) {
                    if !literal.isEmpty { pieces.append(.literal(literal)) }
                    literal = ""
                    pieces.append(.variable(name))
                    index = text.index(after: close)
                    continue
                }
            }
            literal.append(character)
            index = text.index(after: index)
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return pieces
    }
}
