import Foundation

/// Runs a real command with a time limit, for tests. A command past its limit is killed (by its own PID)
/// and reported as timed out, so no test can hang on a stuck process.
enum Shell {
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
        var elapsed: Duration

        var description: String { "exit \(status)\(timedOut ? " (timed out)" : ""), stdout: \(stdout.prefix(2000)), stderr: \(stderr.prefix(2000))" }
    }

    @discardableResult
    static func run(_ argv: [String], input: Data? = nil, environment: [String: String]? = nil,
                    timeout: Duration = .seconds(60)) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : inPipe
        let outBox = DataBox(), errBox = DataBox()
        out.fileHandleForReading.readabilityHandler = { outBox.append($0.availableData) }
        err.fileHandleForReading.readabilityHandler = { errBox.append($0.availableData) }
        let started = ContinuousClock.now
        try process.run()
        if let input {
            inPipe.fileHandleForWriting.write(input)
            try? inPipe.fileHandleForWriting.close()
        }
        var timedOut = false
        while process.isRunning {
            if ContinuousClock.now - started > timeout {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(10_000)
        }
        process.waitUntilExit()
        out.fileHandleForReading.readabilityHandler = nil
        err.fileHandleForReading.readabilityHandler = nil
        outBox.append(out.fileHandleForReading.readDataToEndOfFile())
        errBox.append(err.fileHandleForReading.readDataToEndOfFile())
        return Result(status: process.terminationStatus, stdout: outBox.string, stderr: errBox.string,
                      timedOut: timedOut, elapsed: ContinuousClock.now - started)
    }
}

/// Collects a pipe's bytes from its reader thread.
final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ more: Data) {
        lock.lock()
        data.append(more)
        lock.unlock()
    }

    var string: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
