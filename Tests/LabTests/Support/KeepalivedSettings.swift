#if os(Linux)
/// What one node's keepalived runs: one VRRP instance, as users configure it for an app or int pair,
/// plus the hooks nodeagent will use later (a track file and the notify FIFO).
struct KeepalivedSettings: Sendable, Equatable {
    /// The VRRP state keepalived starts in; with preemption both end up by priority anyway.
    enum InitialState: String, Sendable {
        case master = "MASTER"
        case backup = "BACKUP"
    }

    /// The usual `vrrp_script` health check: an HTTP GET that must succeed. interval 1, fall 2, rise 1
    /// is what users run, and what the 1.98 s baseline was measured with.
    struct HTTPCheck: Sendable, Equatable {
        var url: String
        var interval: Int = 1
        var fall: Int = 2
        var rise: Int = 1
    }

    /// A keepalived `track_file`: the file's integer times `weight` is added to the priority, so an
    /// agent can steer or fault the instance by writing one number.
    struct TrackFile: Sendable, Equatable {
        var name: String = "nodeagent"
        var path: String
        var weight: Int = 1
        /// `init_file VALUE overwrite`: keepalived writes VALUE to the file at start, so it never
        /// starts from a stale value an earlier run left (what `nodeagent keepalived snippet` emits).
        var initialValue: Int?
    }

    var instance: String = "APP"
    var virtualRouterID: Int = 51
    var priority: Int
    var initialState: InitialState = .backup
    /// The VIP, in 198.18.0.0/15 only.
    var vip: String = "198.18.0.100"
    var advertInterval: Int = 1
    var check: HTTPCheck?
    var trackFile: TrackFile?
    /// A FIFO path for `vrrp_notify_fifo`; keepalived writes one line per state change to it.
    var notifyFIFO: String?
    /// nodeagent's second line (`vrrp_script NAME` on `/usr/bin/test PATH -nt /proc/self/`): the
    /// instance faults once the agent's lease deadline file is no longer ahead of now.
    var leaseScript: LeaseScript?

    struct LeaseScript: Sendable, Equatable {
        var name: String
        var path: String
    }

    init(priority: Int, check: HTTPCheck? = nil) {
        self.priority = priority
        self.check = check
    }
}
#endif
