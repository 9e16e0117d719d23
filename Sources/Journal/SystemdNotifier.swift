import CSystemd

#if canImport(Glibc)
import Glibc
#endif

/// Tells systemd about the agent's life cycle through `sd_notify` (the unit is `Type=notify`).
///
/// Why: systemd then knows when the agent is really up (`READY=1`, so dependent units and
/// `systemctl start` wait for it), shows a one-line state in `systemctl status` (`STATUS=`), and
/// restarts an agent that stops pinging the watchdog, so a hung agent cannot sit on an expired
/// VIP grant. Every call is a harmless no-op when `NOTIFY_SOCKET` is unset (run by hand, in tests).
public struct SystemdNotifier: Sendable {
    public init() {}

    /// The service finished starting (or reloading) and is serving.
    @discardableResult
    public func ready() throws(SystemdNotifyError) -> Bool { try send("READY=1") }

    /// A one-line, human-readable state for `systemctl status`. Newlines and NULs become spaces so the
    /// text cannot smuggle in other assignments such as `READY=1`.
    @discardableResult
    public func status(_ text: String) throws(SystemdNotifyError) -> Bool {
        try send("STATUS=" + Self.singleLine(text))
    }

    /// Keep-alive ping; send at `watchdogPingInterval`.
    @discardableResult
    public func watchdog() throws(SystemdNotifyError) -> Bool { try send("WATCHDOG=1") }

    /// The agent begins an orderly shutdown.
    @discardableResult
    public func stopping() throws(SystemdNotifyError) -> Bool { try send("STOPPING=1") }

    /// The agent is reloading its configuration (SIGHUP); call `ready()` again when done. The
    /// monotonic timestamp lets newer systemd (`Type=notify-reload`) match the reload; older versions
    /// ignore it.
    @discardableResult
    public func reloading() throws(SystemdNotifyError) -> Bool {
        try send("RELOADING=1\nMONOTONIC_USEC=\(Self.monotonicMicroseconds())")
    }

    /// The watchdog timeout systemd expects (`WatchdogSec=`), or nil when no watchdog is configured
    /// for this process.
    public var watchdogInterval: Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(Int64(clamping: microseconds))
    }

    /// How often to ping: half the watchdog timeout, as sd_watchdog_enabled(3) recommends, so one
    /// late ping does not get the agent killed.
    public var watchdogPingInterval: Duration? {
        watchdogInterval.map { $0 / 2 }
    }

    /// Sends a raw notification. Returns true when a datagram was sent, false when no
    /// `NOTIFY_SOCKET` is set.
    @discardableResult
    public func send(_ state: String) throws(SystemdNotifyError) -> Bool {
        let result = sd_notify(0, state.replacingNULs())
        if result < 0 { throw SystemdNotifyError(state: state, errno: -result) }
        return result > 0
    }

    /// `text` with line breaks and NULs replaced by spaces.
    public static func singleLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0 == "\n" || $0 == "\r" || $0 == "\0" ? " " : $0
        }))
    }

    private static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}

/// `sd_notify` failed (the socket exists in the environment but cannot be reached).
public struct SystemdNotifyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The first line of the notification that failed, e.g. `READY=1`.
    public let state: String
    /// The positive errno value `sd_notify` reported.
    public let errno: Int32

    public init(state: String, errno: Int32) {
        self.state = state
        self.errno = errno
    }

    public var description: String {
        let first = state.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? state
        return "sd_notify(\(first)) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

extension String {
    /// A C string stops at the first NUL; replace NULs so nothing after them is silently cut.
    fileprivate func replacingNULs() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\0" ? " " : $0 }))
    }
}
