import Foundation
import Glibc

/// Runs a probe's program the way a root daemon must: by absolute path, without a shell, in a
/// process group of its own (so a timeout kills the program AND everything it started), with
/// stdin from /dev/null, stdout and stderr captured up to `outputLimit`, and the rest drained and
/// counted so a chatty program never blocks on a full pipe.
enum ProcessRunner {
    /// Bytes of output kept for the detail.
    static let outputLimit = 4096

    static func run(_ argv: [String], deadline: ProbeDeadline) -> ProcessOutcome {
        guard let program = argv.first, program.hasPrefix("/") else {
            return notStarted("argv[0] must be an absolute path, got \(argv.first.map { "\"\($0)\"" } ?? "nothing")")
        }
        guard !argv.contains(where: { $0.contains("\0") }) else {
            return notStarted("argv contains a NUL character")
        }
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else { return notStarted("pipe failed: \(errorText(errno))") }
        let (readFD, writeFD) = (pipeFDs[0], pipeFDs[1])
        // Close-on-exec, so programs started by other threads do not inherit the pipe (`pipe2` is
        // not visible from Swift; a program spawned in between only delays our end of file, which
        // the supervision does not rely on).
        _ = fcntl(readFD, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeFD, F_SETFD, FD_CLOEXEC)
        _ = fcntl(readFD, F_SETFL, fcntl(readFD, F_GETFL) | O_NONBLOCK)
        let spawned = spawn(argv, output: writeFD)
        close(writeFD)
        switch spawned {
        case .failure(let failure):
            close(readFD)
            return notStarted(failure.description)
        case .success(let pid):
            defer { close(readFD) }
            return supervise(pid: pid, output: readFD, deadline: deadline)
        }
    }

    private static func notStarted(_ reason: String) -> ProcessOutcome {
        ProcessOutcome(ending: .notStarted(reason), output: "", droppedBytes: 0)
    }

    /// Starts the program in a new process group whose id is its pid, with default signal handling
    /// (the agent may ignore SIGPIPE; a child must not inherit that). The agent opens its own files
    /// close-on-exec, so the child gets only stdin, stdout and stderr.
    private static func spawn(_ argv: [String], output: Int32) -> Result<pid_t, SpawnFailure> {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        var defaults = sigset_t()
        sigfillset(&defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF
                                                    | POSIX_SPAWN_SETSIGMASK))
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        let status = cArgs.withUnsafeBufferPointer { args -> Int32 in
            guard let base = args.baseAddress else { return EINVAL }
            return posix_spawn(&pid, argv[0], &actions, &attributes, base, environ)
        }
        guard status == 0 else { return .failure(SpawnFailure("cannot run \(argv[0]): \(errorText(status))")) }
        return .success(pid)
    }

    /// Reads output until the program exits or the deadline passes. The process group is killed
    /// while the leader is still unreaped, so its id cannot have been reused by then.
    private static func supervise(pid: pid_t, output: Int32, deadline: ProbeDeadline) -> ProcessOutcome {
        var capture = OutputCapture(limit: outputLimit)
        var pipeOpen = true
        while true {
            if deadline.mustStop {
                let reason = deadline.stopReason
                kill(-pid, SIGKILL)
                _ = reap(pid)
                capture.drain(output)
                return capture.outcome(.stopped(reason))
            }
            if pipeOpen {
                var entry = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
                if poll(&entry, 1, deadline.pollMilliseconds) > 0 { pipeOpen = capture.drain(output) }
            } else {
                var none = pollfd(fd: -1, events: 0, revents: 0)
                _ = poll(&none, 1, min(deadline.pollMilliseconds, 5))
            }
            switch exitState(pid) {
            case .running:
                continue
            case .exited:
                kill(-pid, SIGKILL)
                let ending = reap(pid)
                capture.drain(output)
                return capture.outcome(ending)
            case .lost:
                capture.drain(output)
                return capture.outcome(.stopped("the program's status was collected elsewhere"))
            }
        }
    }

    private enum ExitState { case running, exited, lost }

    /// Whether the child has ended, without reaping it, so its process group id stays ours until
    /// the group is killed. `lost` when something else reaped it: its id may be reused, so it must
    /// not be signalled any more.
    private static func exitState(_ pid: pid_t) -> ExitState {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 {
            guard errno == EINTR else { return .lost }
        }
        return info._sifields._sigchld.si_pid == pid ? .exited : .running
    }

    /// Waits for the child and decodes its status.
    private static func reap(_ pid: pid_t) -> ProcessOutcome.Ending {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return .exited(-1) }
        }
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
