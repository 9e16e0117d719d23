#if os(Linux)
import Testing

/// The root of every test that builds a lab. Serialized, so that lab tests never run side by side:
/// their timing figures would then measure the two cores' contention, not keepalived.
@Suite(.serialized) struct LabSuite {}
#endif
