import Foundation

/// CPU time of this process and of its reaped children (getrusage), in seconds.
struct CPUTimes {
    var selfUser: Double
    var selfSystem: Double
    var childSeconds: Double

    var selfSeconds: Double { selfUser + selfSystem }

    static func now() -> CPUTimes {
        var own = rusage()
        var children = rusage()
        getrusage(RUSAGE_SELF.rawValue, &own)
        getrusage(RUSAGE_CHILDREN.rawValue, &children)
        return CPUTimes(selfUser: seconds(own.ru_utime), selfSystem: seconds(own.ru_stime),
                        childSeconds: seconds(children.ru_utime) + seconds(children.ru_stime))
    }

    private static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1e6
    }
}
