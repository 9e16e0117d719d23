import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes certificate and key files so that a key is never readable by others, not even for an instant,
/// and a file is either wholly old or wholly new.
///
/// The content goes to a temporary file created with its final mode (`O_EXCL`, then `fchmod` to undo the
/// umask), is fsynced, and is then moved into place: with `rename` when overwriting is allowed, with
/// `link` otherwise, which fails atomically if the target appeared in the meantime.
enum SecureFile {
    /// Mode of private keys: owner read/write only.
    static let privateMode: mode_t = 0o600
    /// Mode of certificates: world-readable, they are public.
    static let publicMode: mode_t = 0o644

    /// Throws `alreadyExists` for the first of `paths` that exists, unless `force`.
    static func refuseExisting(_ paths: [String], force: Bool) throws(PKIError) {
        guard !force else { return }
        for path in paths where FileManager.default.fileExists(atPath: path) {
            throw .alreadyExists(path: path)
        }
    }

    /// Creates `directory` (and its parents) if it does not exist.
    static func ensureDirectory(_ directory: String) throws(PKIError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .fileSystem(path: directory, operation: "create directory", reason: error.localizedDescription)
        }
    }

    /// Writes `contents` to `path` with `mode`, atomically.
    static func store(_ contents: String, to path: String, mode: mode_t, force: Bool) throws(PKIError) {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try writeNew(Array(contents.utf8), to: temporary, mode: mode)
        let moved = force ? rename(temporary, path) : link(temporary, path)
        let moveErrno = errno
        if !force || moved != 0 { unlink(temporary) }
        guard moved == 0 else {
            if moveErrno == EEXIST { throw .alreadyExists(path: path) }
            throw .fileSystem(path: path, operation: "move into place", reason: describe(moveErrno))
        }
    }

    private static func writeNew(_ bytes: [UInt8], to path: String, mode: mode_t) throws(PKIError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else { throw .fileSystem(path: path, operation: "create", reason: describe(errno)) }
        var failure: (operation: String, code: Int32)?
        if fchmod(fd, mode) != 0 { failure = ("set mode of", errno) }
        var offset = 0
        while failure == nil && offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno != EINTR { failure = ("write", errno) }
            } else {
                offset += written
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = ("sync", errno) }
        close(fd)
        if let failure {
            unlink(path)
            throw .fileSystem(path: path, operation: failure.operation, reason: describe(failure.code))
        }
    }

    /// Reads a whole file.
    static func contents(_ path: String) throws(PKIError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .fileSystem(path: path, operation: "read", reason: "permission denied or not a file")
        }
        return Array(data)
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
