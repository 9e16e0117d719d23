import Testing
@testable import Config

@Suite("Text that would abort toml++ or be truncated by TOMLKit is refused before parsing")
struct PreflightTests {
    /// Each of these aborted the test process when given to TOMLKit 0.6.0 directly (debug build:
    /// toml++ assertion in parse_key). Expected position: line and column of the offending character.
    @Test("table headers that cannot start a key", arguments: [
        ("[=", 1, 2), ("[#", 1, 2), ("[\n", 1, 2), ("[[\n", 1, 3), ("[[[", 1, 3), ("[[=", 1, 3),
        ("[ =", 1, 3), ("[[ \t.", 1, 5), ("\u{FEFF}[=", 1, 2), ("a = 1\n  [{", 2, 4), ("[a]\n[[ #x", 2, 4),
        ("x = \"é\" # ü\n[*", 2, 2),
    ])
    func crashingHeaders(text: String, line: Int, column: Int) {
        #expect(throws: ConfigError.syntax(line: line, column: column,
                                           message: "a table header must start with a key name after '['")) {
            try TOMLPreflight.check(text)
        }
        #expect(throws: ConfigError.self) { try Fixtures.parse(text) }
    }

    /// Found by the config fuzzer: each aborted the test process in toml++'s array parser.
    @Test("a closing brace where an array element should start", arguments: [
        ("a = [}]", 1, 6), ("a = [1, }]", 1, 9), ("a = [ }", 1, 7), ("a = [\n}]", 2, 1), ("a = [ # c\n }", 2, 2),
        ("a = [}[\"x\"]]", 1, 6), ("a = [[1], [ }]]", 1, 13),
    ])
    func braceInArray(text: String, line: Int, column: Int) {
        #expect(throws: ConfigError.syntax(line: line, column: column, message: "'}' where an array element should start")) {
            try TOMLPreflight.check(text)
        }
        #expect(throws: ConfigError.self) { try Fixtures.parse(text) }
    }

    @Test("NUL characters, literal or escaped, are refused with their position", arguments: [
        ("a = 1\0", 1, 6), ("a = \"x\0\"", 1, 7), ("a = \"\\u0000\"", 1, 6), ("b = \"\"\"\n\\U00000000\"\"\"", 2, 1),
        ("# c\0", 1, 4),
    ])
    func nul(text: String, line: Int, column: Int) throws {
        do {
            try TOMLPreflight.check(text)
            Issue.record("accepted")
        } catch {
            guard case .syntax(let foundLine, let foundColumn, _) = error else {
                Issue.record("not a syntax error: \(error)")
                return
            }
            #expect(foundLine == line && foundColumn == column)
        }
    }

    @Test("valid TOML that merely looks suspicious is left to the parser", arguments: [
        "a = [\n[1],\n[ {x = 1} ],\n]", "a = '\\u0000'", "a = \"\\\\u0000\"", "a = \"\\u0001\"",
        "a = '''\n[=\n'''", "a = \"\"\"\n[=\"\"\"\"\"", "[\"quoted key\"]\n[[arr]]\n[ spaced ]", "# [=\n",
        "a = \"[=\"\n[b]", "a = [ # [=\n 1 ]", "a = [ {x = 1}, {y = [2]} ]", "a = { b = [1, 2] }",
        "a = [1, \"}\" ]", "a = [1 }",
    ])
    func harmless(text: String) throws {
        try TOMLPreflight.check(text)
    }
}
