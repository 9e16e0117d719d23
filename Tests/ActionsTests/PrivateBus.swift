import Foundation
import Glibc

/// A private `dbus-daemon` the systemd tests start on a unix socket of their own: a real bus on
/// which no systemd manager is registered. Ready once it printed its address.
final class PrivateBus: @unchecked Sendable {
    static let program = "/usr/bin/dbus-daemon"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: program) }

    let socket: String
    private let process = Process()

    var address: String { "unix:path=\(socket)" }

    init(socket: String) throws {
        self.socket = socket
        unlink(socket)
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: Self.program)
        process.arguments = ["--session", "--nofork", "--nopidfile", "--address=unix:path=\(socket)", "--print-address=1"]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The address is printed once the socket listens: a readiness signal, not a guess.
        let line = output.fileHandleForReading.availableData
        guard String(decoding: line, as: UTF8.self).contains(socket) else { throw TestServerError.socket(EIO) }
    }

    /// Kills the daemon (SIGKILL: a child of Foundation's Process may block SIGTERM) and waits for it.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        unlink(socket)
    }
}
