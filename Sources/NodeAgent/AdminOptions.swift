import AgentCore
import ArgumentParser
import Config
import Foundation
import Mesh
import PKI
import Wire

/// How a query command reaches an agent: the local socket (default), or a remote agent's admin endpoint
/// over mutual TLS with an admin certificate.
struct AdminOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The agent's admin socket (default: from --config, else /run/nodeagent/admin.sock).", valueName: "path"))
    var socket: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Read the admin socket path from this config.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Ask a remote agent's admin endpoint (host:port) instead; needs --ca, --cert, --key of an admin certificate.", valueName: "address"))
    var remote: String?

    @Option(help: ArgumentHelp("Fleet CA certificate, for --remote.", valueName: "file"))
    var ca: String?

    @Option(help: ArgumentHelp("Admin certificate (nodeagent certs issue NAME --admin), for --remote.", valueName: "file"))
    var cert: String?

    @Option(help: ArgumentHelp("Admin private key, for --remote.", valueName: "file"))
    var key: String?

    @Option(help: ArgumentHelp("Seconds to wait for the answer.", valueName: "seconds"))
    var timeout: Double = 10

    /// Sends `command` and returns the result document, or throws a message for the operator.
    func ask(_ command: String, arguments: [String: String] = [:]) async throws -> JSONValue {
        let request = AdminRequest(id: 1, command: command, arguments: arguments)
        let response: AdminResponse
        do {
            response = try await send(request)
        } catch let error as AdminClientError {
            throw CLIError(error.description)
        }
        guard response.ok, let result = response.result else {
            throw CLIError("the agent refused: \(response.error ?? "no reason given")")
        }
        return result
    }

    private func send(_ request: AdminRequest) async throws -> AdminResponse {
        let limit = Duration.milliseconds(Int(timeout * 1000))
        guard let remote else {
            return try await AdminClient.request(request, socketPath: try socketPath(), timeout: limit)
        }
        guard let ca, let cert, let key else { throw CLIError("--remote needs --ca, --cert and --key") }
        let material: TLSMaterial
        do {
            material = try TLSMaterial(caPath: ca, certificatePath: cert, keyPath: key)
        } catch {
            throw CLIError(error.description)
        }
        let name = (try? PeerIdentity(certificate: material.ownCertificate))?.name ?? "admin"
        return try await AdminClient.request(request, remote: remote, material: material, name: name, timeout: limit)
    }

    private func socketPath() throws -> String {
        if let socket { return socket }
        guard let config else { return NetworkConfig.defaultAdminSocket }
        do {
            return try NodeConfig.load(path: config).network.adminSocket
        } catch {
            throw CLIError(error.description)
        }
    }
}

/// A message for the operator, printed without a stack of types.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
