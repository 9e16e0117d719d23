import ArgumentParser
import Foundation
import PKI

/// `nodeagent certs`: the fleet's PKI without remembering openssl flags.
struct CertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certs",
        abstract: "Make the fleet CA and node or admin certificates (ECDSA P-256).",
        discussion: """
        One CA per fleet; one certificate per node whose SAN is the node name; admin certificates \
        (OU=admin) for operators using --remote. Private keys are written 0600 and never leave the \
        machine they are made on — copy each node's key to its node only. See certs/README.md for \
        rotation, revocation and the equivalent openssl commands.
        """,
        subcommands: [CertsInitCommand.self, CertsIssueCommand.self]
    )
}

struct CertsInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the fleet CA (ca.pem, ca.key) in --dir.",
        discussion: "Refuses to replace an existing CA unless --force: a new CA locks out every node that has a certificate of the old one."
    )

    @Option(help: ArgumentHelp("Where to write ca.pem and ca.key.", valueName: "dir"))
    var dir: String

    @Option(help: "The CA's common name.")
    var name = FleetCA.defaultCommonName

    @Option(help: "Validity in days.")
    var days = FleetCA.defaultCADays

    @Flag(help: "Replace an existing CA.")
    var force = false

    func run() throws {
        do {
            let ca = try FleetCA.create(directory: dir, commonName: name, days: days, force: force)
            print("created fleet CA \"\(ca.commonName ?? name)\" in \(dir): ca.pem (share with every node), ca.key (keep offline, 0600)")
        } catch {
            throw CLIError(error.description)
        }
    }
}

struct CertsIssueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Issue a node (or --admin) certificate signed by the CA in --dir.",
        discussion: """
        Writes NAME.pem and NAME.key (0600) next to the CA. The node's config must use the same name \
        (node.name = "NAME"): peers check that the certificate's SAN equals the name a node claims.
        Example: nodeagent certs issue app1 --role app --dir /etc/nodeagent/tls
                 nodeagent certs issue alice --admin --days 30 --dir /etc/nodeagent/tls
        """
    )

    @Argument(help: ArgumentHelp("The node name (lowercase DNS label), or the admin's name.", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("Where the CA is, and where to write the certificate.", valueName: "dir"))
    var dir: String

    @Option(help: "The node's role (app, int, db, …), recorded in the certificate.")
    var role: String?

    @Flag(help: "An admin certificate: may send admin mutations to a remote agent, cannot join as a node.")
    var admin = false

    @Flag(help: "A read-only client certificate (OU=reader) for dashboards, Prometheus or scripts: may query every node over the HTTP API or the admin endpoint, may change nothing, cannot join as a node.")
    var reader = false

    func validate() throws {
        if admin && reader { throw ValidationError("--admin and --reader exclude each other: an admin certificate can already read") }
    }

    @Option(help: "Validity in days (1…3650).")
    var days = FleetCA.defaultDays

    @Flag(help: "Overwrite an existing certificate and key of that name.")
    var force = false

    func run() throws {
        do {
            let ca = try FleetCA.load(directory: dir)
            let issued = try ca.issue(name: name, role: role, admin: admin, reader: reader, days: days, directory: dir, force: force)
            let kind = issued.identity.kind.rawValue
            print("issued \(kind) certificate for \(name): \(issued.certificatePath ?? "") (serial \(issued.identity.serialHex), valid until \(ISO8601DateFormatter().string(from: issued.identity.notAfter))), key \(issued.privateKeyPath ?? "")")
        } catch {
            throw CLIError(error.description)
        }
    }
}
