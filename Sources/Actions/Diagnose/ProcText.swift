import Diagnose
import Foundation
import Glibc

/// Reads the small text files of /proc and /sys. Their size is reported as 0, so the file is read
/// until end of file, up to a bound that keeps a huge socket table from costing unbounded memory.
enum ProcText {
    /// 64 MiB holds /proc/net/tcp with about 400,000 sockets; a table beyond that is cut.
    static let defaultLimit = 64 << 20

    static func read(_ path: String, limit: Int = defaultLimit) -> SourceText {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            return code == ENOENT ? .absent("\(path) does not exist") : .failed("cannot open \(path): \(String(cString: strerror(code)))")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while bytes.count < limit {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failed("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        return .read(String(decoding: bytes.prefix(limit), as: UTF8.self))
    }

    /// The text, or "" when the file could not be read: for evaluators that report unreadable input
    /// as `unknown` themselves.
    static func text(_ path: String) -> String {
        if case let .read(text) = read(path) { return text }
        return ""
    }

    /// The names in a directory (without . and ..), or nil when it cannot be opened.
    static func entries(_ path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Where a symbolic link points, or nil.
    static func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
