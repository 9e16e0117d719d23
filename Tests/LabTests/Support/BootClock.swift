#if os(Linux)
import Glibc

/// CLOCK_BOOTTIME in nanoseconds: one clock the test process and a probe script in a namespace both
/// read (python's time.clock_gettime_ns), so their instants can be compared directly.
enum BootClock {
    static func nanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_BOOTTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
#endif
