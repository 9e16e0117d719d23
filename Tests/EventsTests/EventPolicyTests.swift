import Foundation
import Testing
@testable import Events

/// The catalogue as the seed's table gives it, the validation of operators' changes, parameters.
@Suite struct EventPolicyTests {
    @Test func theCatalogueHasTheSeedsDefaults() {
        let expected: [(String, EventSeverity, String, Bool)] = [
            ("database_unavailable", .fatal, "failure_count=3", true), ("ha_switchover", .critical, "", true),
            ("ha_no_leader", .fatal, "no_leader_count=2", true), ("replication_lag", .critical, "lag_threshold_sec=30,sample_count=2", true),
            ("wal_receiver_not_streaming", .critical, "sample_count=2", true), ("patroni_abnormal", .critical, "sample_count=2", true),
            ("etcd_unavailable", .fatal, "failure_count=3", true), ("connections_high", .critical, "usage_pct=80,sample_count=2", true),
            ("deadlocks", .normal, "deadlock_count=5,window_sec=60", false), ("cache_hit_low", .normal, "hit_ratio_threshold=90,sample_count=2", false),
            ("ping_latency_high", .normal, "latency_threshold=100ms,sample_count=2", false), ("disk_capacity", .normal, "size_threshold=10GiB", false),
            ("haproxy_unavailable", .fatal, "failure_count=3", true), ("oom_kill", .critical, "", true),
        ]
        for (name, severity, parameters, mandatory) in expected {
            let policy = try! #require(EventCatalogue.policy(name))
            #expect(policy.severity == severity, "\(name)")
            #expect(policy.parameterText == parameters, "\(name)")
            #expect(policy.mandatory == mandatory, "\(name)")
            #expect(policy.enabled)
        }
        for name in ["member_dead", "quorum_lost", "split_brain", "vip_no_holder", "check_failing", "certificate_expiring"] {
            #expect(EventCatalogue.policy(name) != nil)
        }
        #expect(Set(EventCatalogue.all.map(\.name)).count == EventCatalogue.all.count)
    }

    @Test func aMandatoryPolicyRefusesToBeDisabled() {
        #expect(throws: EventPolicyError.mandatory("etcd_unavailable")) {
            try EventCatalogue.validate("etcd_unavailable", EventPolicySetting(enabled: false))
        }
        #expect(EventPolicyError.mandatory("etcd_unavailable").description.contains("cannot be disabled"))
        #expect(throws: Never.self) { try EventCatalogue.validate("deadlocks", EventPolicySetting(enabled: false)) }
    }

    @Test func unknownNamesAndBadValuesAreRefusedWithWhatWouldDo() {
        #expect(throws: EventPolicyError.self) { try EventCatalogue.validate("no_such", EventPolicySetting(enabled: true)) }
        do {
            try EventCatalogue.validate("replication_lag", EventPolicySetting(parameters: ["lag": "3"]))
            Issue.record("accepted an unknown parameter")
        } catch {
            #expect(error.description.contains("lag_threshold_sec"))
        }
        do {
            try EventCatalogue.validate("replication_lag", EventPolicySetting(parameters: ["sample_count": "0"]))
            Issue.record("accepted a zero count")
        } catch {
            #expect(error.description.contains("at least 1"))
        }
        #expect(throws: EventPolicyError.nothingToChange("deadlocks")) { try EventCatalogue.validate("deadlocks", EventPolicySetting()) }
    }

    @Test func parametersReadTheirUnits() {
        #expect(EventParameter("x", .milliseconds, "").value(of: "100ms") == 100)
        #expect(EventParameter("x", .milliseconds, "").value(of: "2s") == 2000)
        #expect(EventParameter("x", .bytes, "").value(of: "10GiB") == 10_737_418_240.0)
        #expect(EventParameter("x", .bytes, "").value(of: "10737418240") == 10_737_418_240)
        #expect(EventParameter("x", .percent, "").value(of: "101") == nil)
        #expect(EventParameter("x", .count, "").value(of: "2.5") == nil)
        #expect(EventParameter("x", .seconds, "").value(of: "-1") == nil)
        #expect(EventParameter("x", .seconds, "").value(of: "nan") == nil)
    }

    @Test func settingsMergeAndSurviveCoding() throws {
        let first = EventPolicySetting(severity: .critical, parameters: ["deadlock_count": "2"])
        let merged = first.merging(EventPolicySetting(enabled: false, parameters: ["window_sec": "10"]))
        #expect(merged == EventPolicySetting(enabled: false, severity: .critical, parameters: ["deadlock_count": "2", "window_sec": "10"]))
        let data = try JSONEncoder().encode(merged)
        #expect(try JSONDecoder().decode(EventPolicySetting.self, from: data) == merged)
        #expect(try JSONDecoder().decode(EventPolicySetting.self, from: Data("{}".utf8)) == EventPolicySetting())
    }
}
