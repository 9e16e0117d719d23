/// Asks systemd's manager over D-Bus for a unit's ActiveState, instead of a `systemctl`
/// process per probe. The blocking sd-bus call runs on `SystemdBus`'s queue; the probe answers at
/// its deadline or on cancellation even while that call is still blocked.
enum SystemdProbe {
    static func run(_ unit: String, bus: SystemdBus, budget: ProbeBudget) async -> ProbeResult {
        guard !unit.isEmpty, !unit.contains("\0") else { return budget.result(false, "systemd: no usable unit name") }
        let end = budget.end
        return await ProbeRace.run(budget: budget) {
            let answer = await bus.unitState(unit, until: end)
            return budget.result(answer.isActive, "systemd: " + detail(unit, answer))
        } stopped: { reason in
            budget.result(false, "systemd: \(unit): \(reason)")
        }
    }

    static func detail(_ unit: String, _ answer: Result<SystemdUnitState, SystemdBusError>) -> String {
        switch answer {
        case .success(let state) where state.loadState == "not-found":
            "\(unit) is \(state.activeState) (no such unit)"
        case .success(let state):
            "\(unit) is \(state.activeState)"
        case .failure(let error) where error.isAboutTheHost:
            error.description
        case .failure(let error):
            "\(unit): \(error.description)"
        }
    }
}

private extension Result where Success == SystemdUnitState {
    var isActive: Bool { (try? get())?.isActive ?? false }
}

private extension SystemdBusError {
    /// Failures that say nothing about the unit, so the detail does not name it first.
    var isAboutTheHost: Bool {
        if case .refused = self { return false }
        return true
    }
}
