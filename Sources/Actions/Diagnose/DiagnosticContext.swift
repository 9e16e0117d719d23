import Foundation
import Diagnose

/// What the agent tells the diagnose shell about itself: the checks that depend on the fleet (names
/// to resolve, certificates to read) cannot find these in /proc.
public struct DiagnosticContext: Sendable {
    public var node: String
    public var role: String
    /// Every member name this node knows (itself included), to resolve.
    public var memberNames: [String]
    /// The [tls] files: the node's certificate and key, and the CA.
    public var certificatePath: String
    public var keyPath: String
    public var caPath: String
    /// Checks not to run, each reported `unknown` with the reason (NODEAGENT_DIAGNOSE_SKIP, for nodes
    /// where a check cannot apply, or tests that must not send DNS queries off the machine).
    public var skip: Set<String>
    /// The PATH to judge: the agent's own, which its steps inherit.
    public var path: String?

    public init(node: String, role: String, memberNames: [String], certificatePath: String, keyPath: String, caPath: String,
                skip: Set<String> = [], path: String?) {
        self.node = node
        self.role = role
        self.memberNames = memberNames
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.caPath = caPath
        self.skip = skip
        self.path = path
    }

    /// The environment variable that names checks to skip, comma-separated.
    public static let skipVariable = "NODEAGENT_DIAGNOSE_SKIP"

    /// Parses NODEAGENT_DIAGNOSE_SKIP's value.
    public static func skipList(_ value: String?) -> Set<String> {
        Set((value ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }
}
