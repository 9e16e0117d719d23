import Foundation
import NIOPosix
import Testing
@testable import Actions

/// The systemd probe over sd-bus: on the system bus (where this machine has one), on a private
/// dbus-daemon without systemd, and on a bus that is not there.
@Suite struct SystemdProbeTests {
    static let timeout: Duration = .seconds(3)
    /// systemd is PID 1 here and its manager is reachable on the system bus.
    static let booted = FileManager.default.fileExists(atPath: "/run/systemd/system")
        && FileManager.default.fileExists(atPath: "/run/dbus/system_bus_socket")

    static func clients(_ bus: SystemBusAddress) -> ProbeClients {
        ProbeClients(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, systemBus: bus)
    }

    @Test(.enabled(if: !FileManager.default.fileExists(atPath: "/run/systemd/system")))
    func withoutSystemdTheDetailSaysSo() async {
        let result = await CheckProber().probe(.systemd(unit: "nginx.service"), timeout: Self.timeout)
        #expect(!result.success)
        #expect(result.detail.hasPrefix("systemd: systemd is not running here ("), "\(result.detail)")
    }

    @Test func aBusThatIsNotThereFailsCleanly() async throws {
        let clients = Self.clients(.address("unix:path=/nonexistent/nodeagent-test-bus"))
        let result = await CheckProber(clients: clients).probe(.systemd(unit: "nginx.service"), timeout: Self.timeout)
        try await clients.shutdown()
        #expect(!result.success)
        #expect(result.detail.contains("cannot connect to the system bus: No such file or directory"), "\(result.detail)")
    }

    @Test func badUnitNamesFailWithAReason() async {
        let result = await CheckProber().probe(.systemd(unit: ""), timeout: Self.timeout)
        #expect(!result.success && result.detail == "systemd: no usable unit name")
    }

    /// A real bus without systemd on it, then the same bus killed and started again: the probe says
    /// which, and connects again by itself.
    @Test(.enabled(if: PrivateBus.available))
    func aBusWithoutSystemdAndItsRestart() async throws {
        let socket = FileManager.default.temporaryDirectory.appendingPathComponent("bus-\(UUID().uuidString.prefix(8))").path
        var bus = try PrivateBus(socket: socket)
        let clients = Self.clients(.address(bus.address))
        let prober = CheckProber(clients: clients)
        let first = await prober.probe(.systemd(unit: "nginx.service"), timeout: Self.timeout)
        #expect(!first.success)
        #expect(first.detail.hasPrefix("systemd: systemd is not running here (no org.freedesktop.systemd1 on the bus: "),
                "\(first.detail)")
        bus.stop()
        let gone = await prober.probe(.systemd(unit: "nginx.service"), timeout: Self.timeout)
        #expect(!gone.success && gone.detail.hasPrefix("systemd: "), "\(gone.detail)")
        let stillGone = await prober.probe(.systemd(unit: "nginx.service"), timeout: Self.timeout)
        #expect(!stillGone.success && stillGone.detail.contains("cannot connect"), "\(stillGone.detail)")
        bus = try PrivateBus(socket: socket)
        defer { bus.stop() }
        let back = await prober.probe(.systemd(unit: "nginx.service"), timeout: Self.timeout)
        try await clients.shutdown()
        #expect(back.detail == first.detail, "\(back.detail)")
    }

    /// Only where systemd runs: the init scope is always active, a unit that does not exist is not.
    /// Nothing is started or stopped.
    @Test(.enabled(if: booted))
    func realUnits() async {
        let prober = CheckProber()
        let scope = await prober.probe(.systemd(unit: "init.scope"), timeout: Self.timeout)
        #expect(scope.success && scope.detail == "systemd: init.scope is active", "\(scope.detail)")
        let missing = await prober.probe(.systemd(unit: "nodeagent-test-no-such-unit.service"), timeout: Self.timeout)
        #expect(!missing.success && missing.detail.contains("no such unit"), "\(missing.detail)")
    }

    @Test func unitStatesAreJudgedLikeIsActive() {
        #expect(SystemdUnitState(activeState: "active", loadState: "loaded").isActive)
        #expect(SystemdUnitState(activeState: "reloading", loadState: "loaded").isActive)
        #expect(!SystemdUnitState(activeState: "activating", loadState: "loaded").isActive)
        #expect(!SystemdUnitState(activeState: "failed", loadState: "loaded").isActive)
        #expect(SystemdProbe.detail("x.service", .success(.init(activeState: "inactive", loadState: "not-found")))
                == "x.service is inactive (no such unit)")
        #expect(SystemdProbe.detail("x.service", .failure(.refused("Unit name x is not valid.")))
                == "x.service: Unit name x is not valid.")
    }
}
