/// What a `CheckStateMachine` asks its driver to do or to report. The machine performs no I/O, so
/// every outside consequence of an input is one of these values.
public enum CheckEffect: Sendable, Equatable {
    /// Run the probe now and report its outcome with `onResult`, or a failure once the timeout passed.
    case startProbe
    /// The check changed state; the driver logs it (`check_failed` / `check_recovered`) and publishes it.
    /// `detail` is the detail of the result that completed the run of failures or successes.
    case transition(from: CheckState, to: CheckState, detail: String)
}
