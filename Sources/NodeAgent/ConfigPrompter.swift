import Foundation

/// Asks for a missing answer on a terminal. Without a terminal there is no one to ask, so `ask`
/// returns nil and the caller names what is missing instead of waiting on a pipe.
struct ConfigPrompter {
    let interactive: Bool

    static func forStandardInput() -> ConfigPrompter {
        ConfigPrompter(interactive: isatty(STDIN_FILENO) == 1)
    }

    /// The answer, the default when the answer is empty, or nil without a terminal or at end of input.
    func ask(_ question: String, default fallback: String? = nil) -> String? {
        guard interactive else { return nil }
        let hint = fallback.map { " [\($0)]" } ?? ""
        FileHandle.standardError.write(Data("\(question)\(hint): ".utf8))
        guard let line = readLine() else { return nil }
        let answer = line.trimmingCharacters(in: .whitespaces)
        return answer.isEmpty ? fallback : answer
    }
}
