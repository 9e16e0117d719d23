/// Everything the arbiter looks at for one group: the definition, the fleet view and the replicated state.
public struct VIPArbiterInput: Hashable, Sendable {
    public var group: VIPGroupDefinition
    /// Per member, what the coordinator believes; missing members count as `VIPMemberView.unknown`.
    public var view: [NodeID: VIPMemberView]
    /// The operator pin of the group, from the replicated state.
    public var pin: NodeID?
    /// The node the replicated state currently grants the group to.
    public var holder: NodeID?
    /// Modes set at run time through the replicated state (`setVIPMode`); they override the configuration.
    public var modeOverrides: [NodeID: VIPMemberMode]

    public init(group: VIPGroupDefinition, view: [NodeID: VIPMemberView], pin: NodeID? = nil,
                holder: NodeID? = nil, modeOverrides: [NodeID: VIPMemberMode] = [:]) {
        self.group = group
        self.view = view
        self.pin = pin
        self.holder = holder
        self.modeOverrides = modeOverrides
    }

    /// Takes the pin, the holder and the mode overrides of `group` from the replicated fleet state, so the
    /// coordinator cannot feed the arbiter a pin or grant that was never committed.
    public init(group: VIPGroupDefinition, view: [NodeID: VIPMemberView], state: FleetState) {
        self.init(group: group, view: view, pin: state.pins[group.name], holder: state.grants[group.name]?.node,
                  modeOverrides: (state.modes[group.name] ?? [:]).mapValues(VIPMemberMode.init(stateText:)))
    }

    /// The effective mode of a member: the replicated override if any, else the configured one.
    public func mode(of member: VIPGroupMember) -> VIPMemberMode {
        modeOverrides[member.node] ?? member.mode
    }

    /// The view of a node, `unknown` if the fleet view does not mention it.
    public func view(of node: NodeID) -> VIPMemberView {
        view[node] ?? .unknown
    }
}
