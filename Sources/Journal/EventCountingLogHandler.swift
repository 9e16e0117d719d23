import CoreMetrics
import Logging

/// Wraps the agent's log handler so that every state change it logs is also counted: one
/// swift-metrics counter `nodeagent_state_changes_total{event=…}` per `NODEAGENT_EVENT`, and
/// `nodeagent_transport_refusals_total{reason=…}` for every refused connection. Every state change is
/// logged (the project's rule), so counting at the log is counting every state change, with no second
/// list of call sites to keep in step. Without a metrics backend the counters are no-ops.
public struct EventCountingLogHandler: LogHandler {
    public var inner: any LogHandler

    public init(_ inner: any LogHandler) {
        self.inner = inner
    }

    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        inner.log(event: event)
        guard case let .string(name)? = event.metadata?["event"] else { return }
        Counter(label: "nodeagent_state_changes_total", dimensions: [("event", name)]).increment()
        // Per VIP group too (grants, handovers, revocations, split brains), so a dashboard can tell
        // which pair is restless.
        if case let .string(group)? = event.metadata?["group"], name.hasPrefix("vip_") || name == "split_brain_detected" {
            Counter(label: "nodeagent_vip_changes_total", dimensions: [("group", group), ("event", name)]).increment()
        }
        if name == "peer_rejected", case let .string(reason)? = event.metadata?["refusal"] {
            Counter(label: "nodeagent_transport_refusals_total", dimensions: [("reason", reason)]).increment()
        }
    }
}
