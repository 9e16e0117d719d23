import CSystemd
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler that writes every log call as ONE structured journald entry.
///
/// Why journald and not text on stderr: operators query state changes by field
/// (`journalctl NODEAGENT_EVENT=peer_rejected NODEAGENT_NODE=app1`), which only works when each
/// metadata key arrives as its own field. The entry goes through `sd_journal_sendv`, which speaks
/// journald's native protocol and carries values with newlines or arbitrary bytes intact.
public struct JournaldLogHandler: LogHandler {
    /// `SYSLOG_IDENTIFIER` of every entry (`journalctl -t nodeagent`).
    public let identifier: String
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level

    /// Where an entry goes that journald refused (socket gone, message too large): stderr, so that a
    /// failing journal never silently swallows a state change.
    private let fallback: StderrLogHandler

    /// - Parameters:
    ///   - label: the swift-log label; kept in the stderr fallback only.
    ///   - identifier: the syslog identifier, normally `nodeagent`.
    public init(
        label: String,
        identifier: String = "nodeagent",
        logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.identifier = identifier
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
        self.fallback = StderrLogHandler(label: label, logLevel: logLevel)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var callMetadata = event.metadata ?? [:]
        if let error = event.error, callMetadata["error"] == nil {
            callMetadata["error"] = .string(String(describing: error))
        }
        let merged = JournalFieldBuilder.merge(
            handler: metadata, provided: metadataProvider?.get(), call: callMetadata)
        let fields = JournalFieldBuilder.fields(
            identifier: identifier, level: event.level, message: event.message.description,
            metadata: merged, file: event.file, function: event.function, line: event.line)
        if case .failure(let failure) = Self.send(fields) {
            var fallbackMetadata = merged
            fallbackMetadata["journal_error"] = .string(failure.description)
            var copy = fallback
            copy.metadata = fallbackMetadata
            copy.log(event: LogEvent(
                level: event.level, message: event.message, metadata: nil, source: event.source,
                file: event.file, function: event.function, line: event.line))
        }
    }

    /// Sends one entry through `sd_journal_sendv`. Each field becomes one iovec holding `NAME=value`.
    ///
    /// libsystemd drops entries silently when no journald listens (it treats `ENOENT` as success), so
    /// the socket is checked first: a missing journal is reported as `ENOENT` and the caller falls
    /// back to stderr instead of losing the entry.
    public static func send(
        _ fields: [JournalField],
        socketPath: String = LogBootstrap.journalSocketPath
    ) -> Result<Void, JournalSendError> {
        guard !fields.isEmpty else { return .success(()) }
        guard LogBootstrap.journalSocketExists(atPath: socketPath) else {
            return .failure(JournalSendError(errno: ENOENT))
        }
        // One contiguous buffer holds every `NAME=value`; the iovecs point into it.
        let assignments = fields.map(\.assignment)
        let storage = UnsafeMutableRawBufferPointer.allocate(
            byteCount: assignments.reduce(0) { $0 + $1.count }, alignment: 1)
        defer { storage.deallocate() }
        var vectors: [iovec] = []
        vectors.reserveCapacity(assignments.count)
        var offset = 0
        for bytes in assignments {
            let slice = UnsafeMutableRawBufferPointer(rebasing: storage[offset..<(offset + bytes.count)])
            slice.copyBytes(from: bytes)
            vectors.append(iovec(iov_base: slice.baseAddress, iov_len: bytes.count))
            offset += bytes.count
        }
        let result = vectors.withUnsafeBufferPointer { pointer in
            sd_journal_sendv(pointer.baseAddress, Int32(pointer.count))
        }
        return result < 0 ? .failure(JournalSendError(errno: -result)) : .success(())
    }
}

/// journald refused an entry; carries the errno that `sd_journal_sendv` returned.
public struct JournalSendError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The positive errno value, e.g. `ENOENT` when no journald socket exists.
    public let errno: Int32

    public init(errno: Int32) { self.errno = errno }

    public var description: String {
        "journald did not accept the entry: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}
