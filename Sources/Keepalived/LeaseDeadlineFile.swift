#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The second line that keeps keepalived honest while the agent cannot speak (frozen, hung): a file whose
/// MODIFICATION TIME is the wall-clock instant until which this node's current track value holds — the
/// end of its lease. The agent pushes it forward on every tick; keepalived runs
/// `/usr/bin/test FILE -nt /proc/self/` every second (a `vrrp_script`, see `SnippetGenerator`), which
/// succeeds only while that instant is still ahead (`/proc/self/` is created, and stamped, as the test
/// process starts). So an agent that stops refreshing leaves keepalived at most its lease plus one script
/// interval before the instance goes FAULT and drops the VIP, instead of holding it forever on a value
/// nobody vouches for. No process of ours, no shell, nothing to parse. The kernel stamps `/proc/self/`
/// with its coarse clock (a few milliseconds behind): the check is that much lenient, which is nothing
/// against its one-second interval.
public struct LeaseDeadlineFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The deadline file beside a group's track file.
    public static func path(directory: String, group: String) -> String { directory + "/" + group + ".lease" }

    /// Stamps the file with `deadline` (seconds and nanoseconds since the epoch), creating it if needed.
    public func stamp(secondsSinceEpoch seconds: Int, nanoseconds: Int) throws(TrackFileError) {
        var times = [timespec(tv_sec: seconds, tv_nsec: nanoseconds), timespec(tv_sec: seconds, tv_nsec: nanoseconds)]
        if utimensat(AT_FDCWD, path, &times, 0) == 0 { return }
        guard errno == ENOENT else { throw .system(call: "utimensat", path: path, errno: errno) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .system(call: "open", path: path, errno: errno) }
        close(descriptor)
        guard utimensat(AT_FDCWD, path, &times, 0) == 0 else { throw .system(call: "utimensat", path: path, errno: errno) }
    }

    /// Stamps the file with now + `nanosecondsFromNow` on the wall clock (negative: already past).
    public func stamp(nanosecondsFromNow offset: Int64) throws(TrackFileError) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let total = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec) + offset
        let seconds = total >= 0 ? total / 1_000_000_000 : (total - 999_999_999) / 1_000_000_000
        try stamp(secondsSinceEpoch: Int(seconds), nanoseconds: Int(total - seconds * 1_000_000_000))
    }
}
