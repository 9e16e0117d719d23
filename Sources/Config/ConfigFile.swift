import Foundation

/// Reads a config file defensively: bounded in size (so pointing the agent at `/dev/zero` or a log
/// cannot exhaust memory) and strictly UTF-8 (an invalid byte is reported with its position).
enum ConfigFile {
    /// Far above any real node config, far below anything that could hurt.
    static let maxBytes = 1 << 20

    static func read(path: String) throws(ConfigError) -> String {
        let bytes = try readBytes(path: path)
        return try decode(bytes)
    }

    /// `path` made absolute against the current directory, so the config's directory is well defined.
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }

    private static func readBytes(path: String) throws(ConfigError) -> [UInt8] {
        guard !path.isEmpty else { throw .unreadable(path: path, reason: "the path is empty") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "it is a directory") }
        let data: Data?
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            data = try handle.read(upToCount: maxBytes + 1)
        } catch {
            throw .unreadable(path: path, reason: reason(for: error))
        }
        let bytes = [UInt8](data ?? Data())
        guard bytes.count <= maxBytes else {
            throw .unreadable(path: path, reason: "larger than \(maxBytes) bytes; this is not a node config")
        }
        return bytes
    }

    private static func reason(for error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return POSIXError(code).localizedDescription
        }
        if nsError.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(nsError.code)) {
            return POSIXError(code).localizedDescription
        }
        return nsError.localizedDescription
    }

    /// Strict UTF-8 decoding; the first invalid byte is reported as a syntax error at its position.
    static func decode(_ bytes: [UInt8]) throws(ConfigError) -> String {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var line = 1
        var column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1 && encoded.first == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error:
                throw .syntax(line: line, column: column, message: "the file is not valid UTF-8")
            case .emptyInput:
                return String(decoding: bytes, as: UTF8.self)
            }
        }
    }
}
