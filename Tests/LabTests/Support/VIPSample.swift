#if os(Linux)
/// One look at every sampled namespace: when it started, how long reading them all took, and which
/// nodes had the VIP on an interface.
struct VIPSample: Sendable, Equatable {
    let at: ContinuousClock.Instant
    /// How long this one sample took to read; the VIP state is only known to within this window.
    let readTime: Duration
    /// Names of the nodes holding the VIP, in node order.
    let holders: [String]
}
#endif
