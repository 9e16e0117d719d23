/// Where each check turns from ok to warning to critical. Fractions are of the limit the kernel or
/// the process itself enforces, so they mean the same on a small VM and a large server.
public enum DiagnosticThresholds {
    /// Available memory (MemAvailable: what can be had without swapping) below this fraction of
    /// MemTotal is a warning: the page cache is being squeezed and latency suffers first.
    public static let memoryAvailableWarning = 0.15
    /// Below this, the OOM killer is one allocation burst away.
    public static let memoryAvailableCritical = 0.05
    /// Swap in use above this fraction of SwapTotal: memory pressure has been real, not a blip.
    public static let swapUsedWarning = 0.5
    /// Swap nearly full: the next pressure ends in the OOM killer.
    public static let swapUsedCritical = 0.9
    /// Every CPU busy above this share of the sample is a warning: checks and the agent itself start
    /// to lag behind their timers.
    public static let cpuBusyWarning = 0.80
    /// Above this the node is saturated; timeouts elsewhere in the fleet are the next symptom.
    public static let cpuBusyCritical = 0.95
    /// A run queue (1-minute load average) longer than this many times the core count means work
    /// waits for a CPU even when the short sample looked idle.
    public static let loadPerCoreWarning = 2.0
    /// One core busy above this share while the total is below `cpuBusyWarning`: a single-threaded
    /// process is at its ceiling, which the total alone hides on a many-core node.
    public static let singleCoreSaturated = 0.95
    /// How long the shell waits between the two /proc/stat samples: long enough to average out a
    /// scheduler tick, short enough that diagnose answers within a few seconds.
    public static let cpuSampleMilliseconds = 500
    /// Open file handles (file-nr) above this fraction of fs.file-max: the whole node is near the
    /// point where every open() fails with ENFILE.
    public static let fileHandlesWarning = 0.70
    public static let fileHandlesCritical = 0.90
    /// The process holding the most descriptors above this fraction of its own RLIMIT_NOFILE: a leak
    /// (or a too-low limit) that ends in EMFILE for that process alone.
    public static let processDescriptorsWarning = 0.80
    public static let processDescriptorsCritical = 0.95
    /// Failed sshd logins in the journal window. A fleet node behind its management network sees
    /// next to none; a few a day is a typo, more is someone trying passwords.
    public static let failedLoginsWarning = 10
    public static let failedLoginsCritical = 100
    /// How far back the journal checks look, in hours: a day covers a night nobody watched.
    public static let journalWindowHours = 24
    /// OOM kills in the journal window: one is a warning, repeated ones mean a service keeps being
    /// killed and restarted.
    public static let oomKillsCritical = 3
    /// A boot younger than this (seconds) is a warning: an unplanned reboot is worth a look at how
    /// the previous boot ended.
    public static let recentBootSeconds = 1800.0
    /// Ephemeral ports in use (by distinct local port, or to the busiest single destination) above
    /// this fraction of ip_local_port_range: new outgoing connections start to fail with EADDRNOTAVAIL.
    public static let ephemeralPortsWarning = 0.50
    public static let ephemeralPortsCritical = 0.80
    /// TIME_WAIT sockets: each pins a 4-tuple for 60 s. Tens of thousands mean connections are opened
    /// and closed at a high rate (no keep-alive or pooling) and ports to one destination run out.
    public static let timeWaitWarning = 10_000
    public static let timeWaitCritical = 25_000
    /// CLOSE_WAIT sockets: the peer closed and the local application never did. They do not expire,
    /// so more than a handful is a descriptor leak in that application.
    public static let closeWaitWarning = 50
    public static let closeWaitCritical = 500
    /// A fleet name that takes longer than this to resolve (seconds): the resolver is timing out on a
    /// dead nameserver before it answers, and every new connection pays for it.
    public static let slowResolutionSeconds = 1.0
    /// A certificate expiring within this many days is a warning: time to renew calmly.
    public static let certificateWarningDays = 30.0
    /// Within this many days it is critical: when it expires the mesh refuses the node.
    public static let certificateCriticalDays = 7.0
    /// How long one check may take before it is reported as hanging and no longer waited for.
    public static let checkTimeoutSeconds = 4.0
}
