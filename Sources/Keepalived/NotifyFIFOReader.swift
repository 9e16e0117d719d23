import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads keepalived's `vrrp_notify_fifo` on a background thread and hands every line, parsed, to a
/// handler: the bridge's source of the observed VRRP truth.
///
/// The FIFO is created if missing and opened read-write, so the reader never sees end-of-file when
/// keepalived restarts and no open blocks waiting for a writer. keepalived creates the FIFO itself
/// when it starts first, and then removes it when it exits; so every `recheckInterval` the reader
/// makes sure the path still names the FIFO it reads, and otherwise reads the new one (lines a new
/// keepalived wrote meanwhile wait in the new FIFO's buffer). `stop()` wakes the thread through a pipe, waits for it and closes everything:
/// stopping never depends on keepalived writing another line.
///
/// `@unchecked Sendable`: the descriptors are immutable after `init`; the two flags are guarded by `lock`.
public final class NotifyFIFOReader: @unchecked Sendable {
    public let path: String
    /// Touched by `init`, then only by the reading thread, then by `stop()` after that thread ended.
    private var fifoFD: Int32
    private let permissions: mode_t
    static let recheckMilliseconds: Int32 = 200
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let lock = NSLock()
    private var started = false
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)

    /// Creates the FIFO at `path` if it does not exist (mode `permissions`) and opens it.
    public init(path: String, permissions: mode_t = 0o600) throws(NotifyFIFOError) {
        self.path = path
        self.permissions = permissions
        try Self.ensureFIFO(at: path, permissions: permissions)
        let fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw .system(call: "open", path: path, errno: errno) }
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else {
            let code = errno
            close(fd)
            throw .system(call: "pipe", path: path, errno: code)
        }
        fifoFD = fd
        wakeRead = pipeFDs[0]
        wakeWrite = pipeFDs[1]
        _ = fcntl(wakeRead, F_SETFD, FD_CLOEXEC)
        _ = fcntl(wakeWrite, F_SETFD, FD_CLOEXEC)
    }

    deinit {
        // Only reachable when the thread never ran or has finished (it holds a strong reference).
        if !stopped { closeDescriptors() }
    }

    /// Starts the background thread; `handler` runs on it, once per line, in FIFO order.
    public func start(_ handler: @escaping @Sendable (NotifyFIFORecord) -> Void) throws(NotifyFIFOError) {
        lock.lock()
        defer { lock.unlock() }
        guard !started, !stopped else { throw .alreadyStarted }
        started = true
        let thread = Thread { [self] in
            run(handler)
            finished.signal()
        }
        thread.name = "notify-fifo"
        thread.start()
    }

    /// Stops the thread (if started), waits for it to finish, and closes the FIFO. Idempotent.
    public func stop() {
        lock.lock()
        let wasStopped = stopped
        let wasStarted = started
        stopped = true
        lock.unlock()
        guard !wasStopped else { return }
        if wasStarted {
            var byte: UInt8 = 1
            _ = POSIXIO.write(wakeWrite, &byte, 1)
            finished.wait()
        }
        closeDescriptors()
    }

    private func closeDescriptors() {
        close(fifoFD)
        close(wakeRead)
        close(wakeWrite)
    }

    private func run(_ handler: @Sendable (NotifyFIFORecord) -> Void) {
        var splitter = LineSplitter(maxLineLength: NotifyFIFOParser.maxLineLength)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var fds = [pollfd(fd: fifoFD, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, Self.recheckMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            if fds[0].revents != 0, !drain(into: &splitter, buffer: &buffer, handler) { return }
            if ready == 0, reopenIfReplaced() {
                splitter = LineSplitter(maxLineLength: NotifyFIFOParser.maxLineLength)
                handler(.reopened)
            }
        }
    }

    /// Whether the path no longer names the FIFO being read and the reader switched to the one there
    /// (creating it if the path is empty). A failed switch keeps the old descriptor and retries later.
    private func reopenIfReplaced() -> Bool {
        var current = stat()
        var named = stat()
        guard fstat(fifoFD, &current) == 0 else { return false }
        if lstat(path, &named) == 0, named.st_dev == current.st_dev, named.st_ino == current.st_ino { return false }
        guard (try? Self.ensureFIFO(at: path, permissions: permissions)) != nil else { return false }
        let fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return false }
        close(fifoFD)
        fifoFD = fd
        return true
    }

    /// Reads everything available; false when the FIFO failed for good.
    private func drain(into splitter: inout LineSplitter, buffer: inout [UInt8],
                       _ handler: @Sendable (NotifyFIFORecord) -> Void) -> Bool {
        while true {
            let count = buffer.withUnsafeMutableBytes { POSIXIO.read(fifoFD, $0.baseAddress, $0.count) }
            if count > 0 {
                for piece in splitter.feed(buffer[..<count]) { handler(Self.record(for: piece)) }
                continue
            }
            if count < 0 && errno == EINTR { continue }
            return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
        }
    }

    private static func record(for piece: LineSplitter.Piece) -> NotifyFIFORecord {
        switch piece {
        case let .overlong(length):
            return .malformed(.tooLong(length: length))
        case let .line(bytes):
            do throws(NotifyFIFOParseError) {
                return .event(try NotifyFIFOParser.parse(bytes: bytes))
            } catch {
                return .malformed(error)
            }
        }
    }

    private static func ensureFIFO(at path: String, permissions: mode_t) throws(NotifyFIFOError) {
        var info = stat()
        if lstat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFIFO else { throw .notAFIFO(path: path) }
            return
        }
        guard errno == ENOENT else { throw .system(call: "lstat", path: path, errno: errno) }
        if mkfifo(path, permissions) != 0 && errno != EEXIST {
            throw .system(call: "mkfifo", path: path, errno: errno)
        }
    }
}
