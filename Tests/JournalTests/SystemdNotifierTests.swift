import Foundation
import Testing

@testable import Journal

#if canImport(Glibc)
import Glibc
#endif

/// Talks to a real Unix datagram socket through libsystemd's `sd_notify`. Serialized because it sets
/// the process-wide NOTIFY_SOCKET / WATCHDOG_* variables; each test restores them.
@Suite("sd_notify", .serialized)
struct SystemdNotifierTests {
    /// Runs `body` with the given variables set (nil = unset), restoring the previous values after.
    private func withEnvironment<T>(_ values: [String: String?], _ body: () throws -> T) throws -> T {
        let saved = values.keys.map { ($0, ProcessInfo.processInfo.environment[$0]) }
        for (key, value) in values {
            if let value { setenv(key, value, 1) } else { unsetenv(key) }
        }
        defer {
            for (key, value) in saved {
                if let value { setenv(key, value, 1) } else { unsetenv(key) }
            }
        }
        return try body()
    }

    private func withNotifySocket<T>(_ body: (UnixDatagramSocket) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let socket = try UnixDatagramSocket(path: directory.appendingPathComponent("notify").path)
        defer { socket.close() }
        return try withEnvironment(["NOTIFY_SOCKET": socket.path]) { try body(socket) }
    }

    @Test("the life cycle arrives as the datagrams systemd expects, in order")
    func lifeCycle() throws {
        let notifier = SystemdNotifier()
        let received = try withNotifySocket { (socket: UnixDatagramSocket) throws -> [String] in
            #expect(try notifier.status("starting gossip"))
            #expect(try notifier.ready())
            #expect(try notifier.watchdog())
            #expect(try notifier.reloading())
            #expect(try notifier.ready())
            #expect(try notifier.stopping())
            return socket.drain()
        }
        try #require(received.count == 6, "\(received)")
        #expect(received[0] == "STATUS=starting gossip")
        #expect(received[1] == "READY=1")
        #expect(received[2] == "WATCHDOG=1")
        let reload = received[3].split(separator: "\n").map(String.init)
        #expect(reload.first == "RELOADING=1")
        #expect(reload.count == 2 && reload[1].hasPrefix("MONOTONIC_USEC=") && UInt64(reload[1].dropFirst(15)) != nil)
        #expect(received[4] == "READY=1")
        #expect(received[5] == "STOPPING=1")
    }

    @Test("a status text cannot inject other assignments")
    func statusIsOneLine() throws {
        let received = try withNotifySocket { (socket: UnixDatagramSocket) throws -> [String] in
            try SystemdNotifier().status("ok\nREADY=1\rx\u{0}y")
            return socket.drain()
        }
        #expect(received == ["STATUS=ok READY=1 x y"])
    }

    @Test("without NOTIFY_SOCKET every call is a harmless no-op")
    func noSocketIsNoOp() throws {
        try withEnvironment(["NOTIFY_SOCKET": nil, "WATCHDOG_USEC": nil, "WATCHDOG_PID": nil]) { () throws in
            let notifier = SystemdNotifier()
            #expect(try notifier.ready() == false)
            #expect(try notifier.status("x") == false)
            #expect(try notifier.watchdog() == false)
            #expect(try notifier.stopping() == false)
            #expect(notifier.watchdogInterval == nil)
        }
    }

    @Test("a NOTIFY_SOCKET nobody listens on is a typed error, not a crash")
    func deadSocketIsError() throws {
        _ = try withEnvironment(["NOTIFY_SOCKET": "/nonexistent-dir-\(UUID())/notify"]) {
            #expect(throws: SystemdNotifyError.self) { try SystemdNotifier().ready() }
        }
        let error = SystemdNotifyError(state: "READY=1", errno: ENOENT)
        #expect(error.description.contains("READY=1") && error.description.contains("errno 2"))
    }

    @Test("the watchdog interval comes from WATCHDOG_USEC; pings go at half of it")
    func watchdogInterval() throws {
        let notifier = SystemdNotifier()
        try withEnvironment(["WATCHDOG_USEC": "10000000", "WATCHDOG_PID": nil]) {
            #expect(notifier.watchdogInterval == .seconds(10))
            #expect(notifier.watchdogPingInterval == .seconds(5))
        }
        try withEnvironment(["WATCHDOG_USEC": "10000000", "WATCHDOG_PID": String(getpid())]) {
            #expect(notifier.watchdogInterval == .seconds(10))
        }
        try withEnvironment(["WATCHDOG_USEC": "10000000", "WATCHDOG_PID": String(getpid() + 1)]) {
            #expect(notifier.watchdogInterval == nil, "the watchdog is meant for another process")
        }
        try withEnvironment(["WATCHDOG_USEC": "garbage", "WATCHDOG_PID": nil]) {
            #expect(notifier.watchdogInterval == nil)
        }
    }
}
