import Config
import Foundation
import Mesh
import PKI

/// Everything the agent derives from its config file before it opens a socket: loaded once at start
/// and again on SIGHUP, so a bad edit is refused as a whole and the running state stays intact.
struct NodeSetup: Sendable {
    let config: NodeConfig
    let material: TLSMaterial
    let revocations: RevocationList

    static func load(configPath: String) throws(AgentError) -> NodeSetup {
        let config: NodeConfig
        do {
            config = try NodeConfig.load(path: configPath)
        } catch {
            throw .config(error.description)
        }
        let material: TLSMaterial
        do {
            material = try TLSMaterial(caPath: config.tls.ca, certificatePath: config.tls.cert, keyPath: config.tls.key)
        } catch {
            throw .tls(error.description)
        }
        try checkOwnIdentity(material: material, config: config)
        return NodeSetup(config: config, material: material, revocations: try loadRevocations(config))
    }

    /// Refuses to run under a name the certificate does not carry: peers would refuse every connection.
    private static func checkOwnIdentity(material: TLSMaterial, config: NodeConfig) throws(AgentError) {
        let identity: PeerIdentity
        do {
            identity = try PeerIdentity(certificate: material.ownCertificate)
        } catch {
            throw .identity("cannot read this node's certificate \(config.tls.cert): \(error)")
        }
        guard identity.name == config.node.name else {
            throw .identity("node.name is \"\(config.node.name)\" but the certificate \(config.tls.cert) is issued to \"\(identity.name)\"")
        }
        guard identity.isNode else {
            throw .identity("\(config.tls.cert) is \(identity.kind == .admin ? "an admin" : "a reader") certificate; a node needs a node certificate (nodeagent certs issue NAME --role ROLE)")
        }
    }

    private static func loadRevocations(_ config: NodeConfig) throws(AgentError) -> RevocationList {
        guard let path = config.tls.revoked else { return RevocationList() }
        do {
            return try RevocationList.load(path: path)
        } catch {
            throw .tls("revocation list \(path): \(error)")
        }
    }
}
