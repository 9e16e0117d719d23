import Foundation

extension String {
    /// The string without leading and trailing blanks and newlines.
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
