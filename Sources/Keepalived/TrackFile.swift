#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One group's track file, which keepalived watches with inotify and re-reads on every change.
///
/// keepalived watches the file's DIRECTORY for close-after-write and moves and matches the file name, so a
/// rename into place is seen like a write, and the temporary file (another name) is ignored.
///
/// Writes are atomic: the value goes to a temporary file in the same directory and is renamed
/// over the track file, so keepalived never reads a half-written number (a torn "-2" instead of "-254"
/// would leave a fenced node eligible).
public struct TrackFile: Hashable, Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The exact file content for `value`: the number and a newline.
    public static func render(_ value: Int) throws(TrackFileError) -> String {
        guard (-254...254).contains(value) else { throw .valueOutOfRange(value) }
        return "\(value)\n"
    }

    /// Replaces the file's content with `value`, atomically.
    public func write(_ value: Int) throws(TrackFileError) {
        let bytes = Array(try Self.render(value).utf8)
        let temporary = temporaryPath()
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system(call: "open", path: temporary, errno: errno) }
        do throws(TrackFileError) {
            // No fsync: keepalived reads the value live (the rename is what makes it atomic), the track
            // directory is on tmpfs (/run) by default, and after a crash the agent writes every value
            // again at start — an fsync would only put disk latency on the agent's event loop.
            try writeAll(bytes, to: fd, path: temporary)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .system(call: "rename", path: path, errno: code)
        }
    }

    /// The value currently in the file, for diagnostics and tests.
    public func read() throws(TrackFileError) -> Int {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system(call: "open", path: path, errno: errno) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { POSIXIO.read(fd, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw .system(call: "read", path: path, errno: errno) }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        let trimmed = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == " " })
        guard trimmed.count == 1, let value = Int(trimmed[0]) else { throw .unreadable(path: path, content: text) }
        return value
    }

    /// A name in the same directory (rename is atomic only within one file system), hidden and unique
    /// per process so two writers never share a temporary file.
    private func temporaryPath() -> String {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return "\(directory).\(base).tmp-\(getpid())"
    }

    private func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(TrackFileError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { POSIXIO.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .system(call: "write", path: path, errno: errno)
            }
            offset += written
        }
    }
}
