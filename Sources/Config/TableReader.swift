import TOMLKit

/// Reads one TOML table with typed accessors whose errors name the full dotted key.
///
/// It is the only place that touches TOMLKit values, so every type mismatch is reported the same
/// way (`expected an integer, found string "5"`) and no accessor can trap on unexpected input.
struct TableReader {
    let table: TOMLTable
    /// Dotted path of this table, empty for the document root.
    let path: String

    /// The keys present, sorted so that errors come out in a stable order.
    var keys: [String] { table.keys.sorted() }

    func key(_ name: String) -> String { KeyPath.join(path, name) }

    func value(_ name: String) -> TOMLValueConvertible? { table[name] }

    /// Refuses any key not in `known`, suggesting the nearest known one.
    func rejectUnknownKeys(known: [String]) throws(ConfigError) {
        for name in keys where !known.contains(name) {
            throw .unknownKey(key: key(name), suggestion: KeySuggester.suggest(name, among: known))
        }
    }

    // MARK: Scalars

    func string(_ name: String) throws(ConfigError) -> String? {
        guard let value = value(name) else { return nil }
        guard let string = value.string else { throw wrongType(name, expected: "a string", found: value) }
        return string
    }

    func requiredString(_ name: String) throws(ConfigError) -> String {
        guard let string = try string(name) else { throw .missing(key: key(name)) }
        return string
    }

    /// A non-empty string, or nil when the key is absent.
    func nonEmptyString(_ name: String) throws(ConfigError) -> String? {
        guard let string = try string(name) else { return nil }
        guard !string.isEmpty else { throw .invalid(key: key(name), message: "must not be empty") }
        return string
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard let value = value(name) else { return nil }
        guard value.type == .int, let int = value.int else {
            throw wrongType(name, expected: "an integer", found: value)
        }
        guard range.contains(int) else {
            throw .invalid(key: key(name),
                           message: "\(int) is out of range; expected \(range.lowerBound) ... \(range.upperBound)")
        }
        return int
    }

    func bool(_ name: String) throws(ConfigError) -> Bool? {
        guard let value = value(name) else { return nil }
        guard let bool = value.bool else { throw wrongType(name, expected: "true or false", found: value) }
        return bool
    }

    // MARK: Containers

    /// An array whose every element is a string.
    func stringArray(_ name: String) throws(ConfigError) -> [String]? {
        guard let value = value(name) else { return nil }
        guard let array = value.array else {
            throw wrongType(name, expected: "an array of strings", found: value)
        }
        return try Self.strings(in: array, key: key(name))
    }

    /// An array of arrays of strings, as used for lists of commands.
    func stringArrays(_ name: String) throws(ConfigError) -> [[String]]? {
        guard let value = value(name) else { return nil }
        guard let outer = value.array else {
            throw wrongType(name, expected: "an array of argv arrays", found: value)
        }
        var lists: [[String]] = []
        for index in 0..<outer.count {
            let elementKey = key(name) + "[\(index)]"
            guard let inner = outer[index].array else {
                throw .invalid(key: elementKey,
                               message: "expected an argv array such as [\"/usr/bin/true\"], found "
                                   + Self.describe(outer[index]))
            }
            lists.append(try Self.strings(in: inner, key: elementKey))
        }
        return lists
    }

    /// A sub-table, or nil when absent.
    func table(_ name: String) throws(ConfigError) -> TableReader? {
        guard let value = value(name) else { return nil }
        guard let table = value.table else { throw wrongType(name, expected: "a table", found: value) }
        return TableReader(table: table, path: key(name))
    }

    /// An array of tables (`[[steps]]`), each read with its index in its path: `steps[2].argv`.
    func tableArray(_ name: String) throws(ConfigError) -> [TableReader] {
        guard let value = value(name) else { return [] }
        guard let array = value.array else {
            throw wrongType(name, expected: "an array of tables ([[\(name)]])", found: value)
        }
        var tables: [TableReader] = []
        for index in 0..<array.count {
            guard let table = array[index].table else {
                throw .invalid(key: key(name) + "[\(index)]", message: "expected a table, found " + Self.describe(array[index]))
            }
            tables.append(TableReader(table: table, path: key(name) + "[\(index)]"))
        }
        return tables
    }

    /// A table whose every value is a string (`env = { LANG = "C" }`).
    func stringTable(_ name: String) throws(ConfigError) -> [String: String]? {
        guard let table = try table(name) else { return nil }
        var values: [String: String] = [:]
        for entry in table.keys { values[entry] = try table.requiredString(entry) }
        return values
    }

    /// An array of integers, each within `range`.
    func intArray(_ name: String, in range: ClosedRange<Int>) throws(ConfigError) -> [Int]? {
        guard let value = value(name) else { return nil }
        guard let array = value.array else { throw wrongType(name, expected: "an array of integers", found: value) }
        var ints: [Int] = []
        for index in 0..<array.count {
            guard array[index].type == .int, let int = array[index].int, range.contains(int) else {
                throw .invalid(key: key(name) + "[\(index)]", message: "expected an integer in \(range.lowerBound) ... \(range.upperBound), found "
                    + Self.describe(array[index]))
            }
            ints.append(int)
        }
        return ints
    }

    /// Whether the value at `name` is an integer (for keys that take an integer or a string).
    func isInt(_ name: String) -> Bool { value(name)?.type == .int }

    private static func strings(in array: TOMLArray, key: String) throws(ConfigError) -> [String] {
        var strings: [String] = []
        for index in 0..<array.count {
            guard let string = array[index].string else {
                throw .invalid(key: key + "[\(index)]",
                               message: "expected a string, found " + describe(array[index]))
            }
            strings.append(string)
        }
        return strings
    }

    // MARK: Errors

    func wrongType(_ name: String, expected: String, found value: TOMLValueConvertible) -> ConfigError {
        .invalid(key: key(name), message: "expected \(expected), found " + Self.describe(value))
    }

    /// The type and, for scalars, the value: `string "yes"`, `integer 5`, `an array`.
    static func describe(_ value: TOMLValueConvertible) -> String {
        switch value.type {
        case .string: "string " + Quote.value(value.string ?? "")
        case .int: "integer " + (value.int.map(String.init) ?? "")
        case .double: "floating-point number " + (value.double.map { String($0) } ?? "")
        case .bool: "boolean " + (value.bool.map { $0 ? "true" : "false" } ?? "")
        case .table: "a table"
        case .array: "an array"
        case .date, .time, .dateTime: "a \(value.type)"
        }
    }
}
