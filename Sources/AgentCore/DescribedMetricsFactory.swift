import CoreMetrics
import Prometheus

/// The swift-metrics backend of the agent: swift-prometheus's registry, with the help text of every
/// metric the agent emits through swift-metrics, so the exposition passes `promtool check metrics`
/// (which refuses a metric without `# HELP`). swift-prometheus's own factory registers every metric
/// with an empty help, and its registry refuses two help texts for one name.
struct DescribedMetricsFactory: MetricsFactory {
    let registry: PrometheusCollectorRegistry

    /// Help text by metric name; a name missing here gets a generic one.
    static let help: [String: String] = [
        "nodeagent_state_changes_total": "State changes the agent logged, by NODEAGENT_EVENT (member_suspected, member_dead, election_started, vip_granted, vip_handover, check_failed, op_finished ...)",
        "nodeagent_transport_refusals_total": "Connections the transport refused, by reason",
        "nodeagent_events_total": "Events that fired or cleared, by policy, severity and kind",
        "nodeagent_vip_changes_total": "VIP state changes by group: grants, handovers, revocations, split brains detected",
        "nodeagent_check_results_total": "Health check probes by check and result (pass, fail)",
        "nodeagent_check_duration_seconds": "How long each health check probe took",
        "nodeagent_commit_seconds": "Time from proposing a fleet-state change to its commit, as the proposer waited for it",
    ]

    private func descriptor(_ label: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: label, unitName: "", helpText: Self.help[label] ?? "nodeagent metric \(label)")
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        dimensions.isEmpty ? registry.makeCounter(descriptor: descriptor(label)) : registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        dimensions.isEmpty ? registry.makeGauge(descriptor: descriptor(label)) : registry.makeGauge(descriptor: descriptor(label), labels: dimensions)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let buckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                   .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5)]
        return registry.makeDurationHistogram(descriptor: descriptor(label), labels: dimensions, buckets: buckets)
    }

    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
}
