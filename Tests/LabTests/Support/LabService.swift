#if os(Linux)
/// Something running inside the lab that must be stopped before its namespace is deleted, so that the
/// lab's teardown can stop it even when a test failed half-way.
protocol LabService: AnyObject {
    /// Stops what this service started (by PID); calling it twice does nothing more.
    func stop()
}
#endif
