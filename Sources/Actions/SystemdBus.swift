import CSystemd
import Foundation

/// One sd-bus connection to systemd's manager, reused by every systemd probe and touched only on
/// its own serial queue: sd-bus blocks and is not thread-safe, so its calls run one at a time, off
/// the event loops and the cooperative pool. A connection that breaks is dropped and the next query
/// opens a new one.
final class SystemdBus: @unchecked Sendable {
    static let manager = "org.freedesktop.systemd1"
    static let managerPath = "/org/freedesktop/systemd1"
    static let unitInterface = "org.freedesktop.systemd1.Unit"

    private let address: SystemBusAddress
    private let queue = DispatchQueue(label: "nodeagent.systemd-bus")
    /// The open connection, or nil. Read and written on `queue` only.
    private var bus: OpaquePointer?

    init(address: SystemBusAddress) {
        self.address = address
    }

    /// The unit's ActiveState and LoadState. Blocks a thread of `queue` for at most until `end`.
    func unitState(_ unit: String, until end: ContinuousClock.Instant) async -> Result<SystemdUnitState, SystemdBusError> {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.query(unit, until: end)) }
        }
    }

    /// Closes the connection, after any query in progress; a later query opens a new one.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                self.drop()
                continuation.resume()
            }
        }
    }

    private func query(_ unit: String, until end: ContinuousClock.Instant) -> Result<SystemdUnitState, SystemdBusError> {
        let left = end - ContinuousClock.now
        guard left > .zero else { return .failure(.refused("no time left for the call")) }
        let bus: OpaquePointer
        switch connection() {
        case .failure(let error): return .failure(error)
        case .success(let open): bus = open
        }
        sd_bus_set_method_call_timeout(bus, Self.microseconds(left))
        defer { settle(bus) }
        return loadUnit(unit, on: bus).flatMap { path in
            property("ActiveState", of: path, on: bus).flatMap { active in
                let state = SystemdUnitState(activeState: active, loadState: "loaded")
                guard !state.isActive else { return .success(state) }
                return property("LoadState", of: path, on: bus).map {
                    SystemdUnitState(activeState: active, loadState: $0)
                }
            }
        }
    }

    /// The open connection, or a new one.
    private func connection() -> Result<OpaquePointer, SystemdBusError> {
        if let bus, sd_bus_is_open(bus) > 0 { return .success(bus) }
        drop()
        var opened: OpaquePointer?
        let status: Int32
        switch address {
        case .system: status = sd_bus_open_system(&opened)
        case .address(let text): status = Self.open(text, &opened)
        }
        guard status >= 0, let opened else {
            sd_bus_unref(opened)
            return .failure(.noBus(reason: Self.errorText(status), booted: sd_booted() > 0))
        }
        bus = opened
        return .success(opened)
    }

    private static func open(_ address: String, _ result: inout OpaquePointer?) -> Int32 {
        var created: OpaquePointer?
        var status = sd_bus_new(&created)
        guard status >= 0, let created else { return status }
        status = sd_bus_set_address(created, address)
        if status >= 0 { status = sd_bus_set_bus_client(created, 1) }
        if status >= 0 { status = sd_bus_start(created) }
        guard status >= 0 else {
            sd_bus_unref(created)
            return status
        }
        result = created
        return status
    }

    /// `LoadUnit(name)` → the unit's object path. Loading (rather than `GetUnit`) answers for a unit
    /// that is inactive and unloaded too, as `systemctl is-active` does.
    private func loadUnit(_ unit: String, on bus: OpaquePointer) -> Result<String, SystemdBusError> {
        var message: OpaquePointer?
        var status = sd_bus_message_new_method_call(bus, &message, Self.manager, Self.managerPath,
                                                    "org.freedesktop.systemd1.Manager", "LoadUnit")
        guard status >= 0, let message else { return .failure(failure(status, nil, bus)) }
        defer { sd_bus_message_unref(message) }
        // Never ask the bus to start a manager: on a bus without systemd that waits out the timeout.
        sd_bus_message_set_auto_start(message, 0)
        status = unit.withCString { sd_bus_message_append_basic(message, CChar(UInt8(ascii: "s")), $0) }
        guard status >= 0 else { return .failure(failure(status, nil, bus)) }
        var error = sd_bus_error()
        defer { sd_bus_error_free(&error) }
        var reply: OpaquePointer?
        status = sd_bus_call(bus, message, 0, &error, &reply)
        defer { sd_bus_message_unref(reply) }
        guard status >= 0, let reply else { return .failure(failure(status, error, bus)) }
        var path: UnsafePointer<CChar>?
        status = sd_bus_message_read_basic(reply, CChar(UInt8(ascii: "o")), &path)
        guard status > 0, let path else { return .failure(.refused("LoadUnit answered without a unit path")) }
        return .success(String(cString: path))
    }

    private func property(_ name: String, of path: String, on bus: OpaquePointer) -> Result<String, SystemdBusError> {
        var error = sd_bus_error()
        defer { sd_bus_error_free(&error) }
        var value: UnsafeMutablePointer<CChar>?
        let status = sd_bus_get_property_string(bus, Self.manager, path, Self.unitInterface, name, &error, &value)
        defer { free(value) }
        guard status >= 0, let value else { return .failure(failure(status, error, bus)) }
        return .success(String(cString: value))
    }

    /// A failed call as the operator should read it: no manager on the bus, a broken connection
    /// (dropped by `settle`), or systemd's own refusal.
    private func failure(_ status: Int32, _ error: sd_bus_error?, _ bus: OpaquePointer) -> SystemdBusError {
        let name = error?.name.map { String(cString: $0) }
        let message = error?.message.map { String(cString: $0) } ?? Self.errorText(status)
        if name == "org.freedesktop.DBus.Error.ServiceUnknown" || name == "org.freedesktop.DBus.Error.NameHasNoOwner" {
            return .noManager(message)
        }
        if sd_bus_is_open(bus) <= 0 { return .lost(message) }
        return .refused(message)
    }

    /// Discards replies that arrived after their call timed out (sd-bus queues them otherwise) and
    /// drops a connection that broke, so the next query reconnects.
    private func settle(_ bus: OpaquePointer) {
        var status: Int32 = 1
        while status > 0 { status = sd_bus_process(bus, nil) }
        if status < 0 || sd_bus_is_open(bus) <= 0 { drop() }
    }

    private func drop() {
        if let bus { sd_bus_flush_close_unref(bus) }
        bus = nil
    }

    static func microseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(1, seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
    }

    static func errorText(_ status: Int32) -> String {
        String(cString: strerror(abs(status)))
    }
}
