/// How `nodeagent demo` builds its fleet.
public struct DemoOptions: Sendable {
    public var nodes: Int
    /// Where configs, certificates and logs go; nil = a temporary folder removed on exit.
    public var directory: String?
    /// Stop after this long; nil = until Ctrl-C.
    public var duration: Duration?
    /// The first port on loopback; node i listens on 127.0.0.(11+i):port.
    public var port: Int
    /// The path of the `nodeagent` binary to start for each node.
    public var executable: String

    public init(nodes: Int = 5, directory: String? = nil, duration: Duration? = nil, port: Int = 17946, executable: String) {
        self.nodes = nodes
        self.directory = directory
        self.duration = duration
        self.port = port
        self.executable = executable
    }

    /// The demo's node names and roles: the users' fleet shape (an app pair, an int pair, db nodes).
    public static func fleet(size: Int) -> [(name: String, role: String)] {
        let base: [(String, String)] = [("app1", "app"), ("app2", "app"), ("int1", "int"), ("int2", "int"), ("db1", "db")]
        guard size > base.count else { return Array(base.prefix(size)) }
        return base + (base.count..<size).map { index in ("db\(index - base.count + 2)", "db") }
    }
}
