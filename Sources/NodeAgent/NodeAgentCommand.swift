import AgentCore
import ArgumentParser

/// The `nodeagent` command line: the daemon, the demo fleet, and the operator's queries.
@main
struct NodeAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nodeagent",
        abstract: "A node agent for HA fleets: mutual-TLS mesh, quorum, VIP arbitration beside keepalived.",
        discussion: """
        One nodeagent runs on every app, int and db node (systemd unit `nodeagent.service`). Agents talk \
        only over mutual TLS with certificates of the fleet CA, log every state change to journald, and \
        answer admin queries about the fleet on a local socket.

        First steps:
          nodeagent demo                         a 5-node fleet on this machine, live
          nodeagent certs init --dir /etc/nodeagent/tls
          nodeagent certs issue app1 --role app --dir /etc/nodeagent/tls
          nodeagent config init                  write this node's config from a few answers
          nodeagent config check /etc/nodeagent/nodeagent.toml
          nodeagent status                       this node and its peers
          nodeagent members                      the fleet as this node sees it
          nodeagent coordinator                  the quorum: coordinator, term, voters
          nodeagent vip                          VIP groups: owner, grant, members' health and VRRP state
          nodeagent op plan PLAN.toml            dry run of a fleet operation (the serial update of a pair)
          nodeagent diagnose [--all]             the troubleshooting checklist, with a remedy per finding
        """,
        version: AgentVersion.current,
        subcommands: [
            AgentSubcommand.self, DemoCommand.self, StatusCommand.self, MembersCommand.self, CoordinatorCommand.self,
            FleetCommandGroup.self, VIPCommand.self, OperationCommandGroup.self, ExecCommand.self, DiagnoseCommand.self, EventsCommand.self, KeepalivedCommand.self, ReloadCommand.self,
            ConfigCommand.self, CertsCommand.self, VersionCommand.self,
        ]
    )
}
