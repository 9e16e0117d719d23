import Foundation

/// Absolute paths of the programs some probes run. The agent runs as root without a PATH lookup,
/// so the programs are found once, in the usual system directories, or given by the caller.
public struct ProbeTools: Sendable, Equatable {
    public var docker: String?
    public var systemctl: String?
    /// Used for https probes only.
    public var curl: String?

    public init(docker: String?, systemctl: String?, curl: String?) {
        self.docker = docker
        self.systemctl = systemctl
        self.curl = curl
    }

    /// Directories searched, in order, by `locate()`.
    public static let searchDirectories = ["/usr/local/bin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/sbin", "/sbin"]

    /// Finds each program in `searchDirectories`; a missing one stays nil and its probes fail
    /// with a detail saying so.
    public static func locate() -> ProbeTools {
        ProbeTools(docker: find("docker"), systemctl: find("systemctl"), curl: find("curl"))
    }

    static func find(_ program: String) -> String? {
        searchDirectories.map { $0 + "/" + program }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
