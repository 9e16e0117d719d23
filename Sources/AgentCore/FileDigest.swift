import Crypto
import Foundation

/// The SHA-256 of a file, read in 1 MiB pieces so a multi-gigabyte image costs no memory: what
/// `op run` announces for each artifact and every target checks before the file is used.
public enum FileDigest {
    public static func sha256(path: String) throws -> (size: Int64, hex: String) {
        guard let file = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        defer { try? file.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        while let data = try file.read(upToCount: 1 << 20), !data.isEmpty {
            hasher.update(data: data)
            size += Int64(data.count)
        }
        return (size, ArtifactInbox.hex(hasher.finalize()))
    }
}
