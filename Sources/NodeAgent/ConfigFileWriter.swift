import Foundation

/// Writes a config file so that a crash or a full disk never leaves half a file where the agent reads:
/// a temporary file beside the target, synced, then renamed over it.
struct ConfigFileWriter {
    let path: String
    let force: Bool

    /// `path` made absolute against the current directory.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    func write(_ text: String) throws {
        try refuseToOverwriteSettings()
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        let temporary = directory + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw CLIError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CLIError("cannot write \(path): \(reason)")
        }
    }

    /// An existing file is replaced only when it holds nothing but comments and blank lines (the
    /// package's placeholder) or when the operator said --force.
    private func refuseToOverwriteSettings() throws {
        guard !force, let existing = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        let settings = existing.split(separator: "\n").contains { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }
        if settings {
            throw CLIError("\(path) already holds settings; nothing written (--force replaces it, -o - prints the new file)")
        }
    }
}
