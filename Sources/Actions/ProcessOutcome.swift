import Foundation

/// How a probe's child process ended, with its bounded output.
struct ProcessOutcome: Sendable, Equatable {
    enum Ending: Sendable, Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal (not ours) ended it.
        case signalled(Int32)
        /// It ran past the deadline, or the probe was cancelled, and its process group was killed.
        case stopped(String)
        /// It could not be started at all.
        case notStarted(String)
    }

    var ending: Ending
    /// Standard output and error together, at most `ProcessRunner.outputLimit` bytes, lossily UTF-8.
    var output: String
    /// Bytes of output beyond the limit that were read and discarded.
    var droppedBytes: Int

    /// The output on one line, blanks trimmed, for a detail.
    var outputLine: String {
        let lines = output.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let text = lines.filter { !$0.isEmpty }.joined(separator: " | ")
        return droppedBytes > 0 ? text + " [\(droppedBytes) bytes dropped]" : text
    }

    /// "exit status 1: <output>", or just the ending when there was no output.
    var detail: String {
        let text = outputLine
        return text.isEmpty ? endingText : "\(endingText): \(text)"
    }

    /// "exit status 3", "killed by signal 9", … for a detail.
    var endingText: String {
        switch ending {
        case .exited(let status): "exit status \(status)"
        case .signalled(let signal): "killed by signal \(signal)"
        case .stopped(let reason): reason
        case .notStarted(let reason): reason
        }
    }
}
