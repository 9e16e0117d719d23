import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Serialises whole-line writes to file descriptor 2.
///
/// Why not `FileHandle.standardError` or `print`: both may split a line into several writes, and
/// two threads logging at once would interleave fragments. One lock plus a `write(2)` loop that
/// finishes each line before releasing it keeps lines whole.
final class StandardErrorWriter: Sendable {
    static let shared = StandardErrorWriter(fileDescriptor: 2)

    private let fileDescriptor: Int32
    private let lock = Mutex<Void>(())

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    /// Writes all of `text`, retrying on partial writes and `EINTR`; drops the rest on any other error
    /// (there is nowhere left to report a failing stderr).
    func write(_ text: String) {
        let bytes = Array(text.utf8)
        lock.withLock { _ in
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count, let base = raw.baseAddress {
                    let written = Glibc.write(fileDescriptor, base + offset, raw.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        return
                    }
                }
            }
        }
    }
}
