/// The process that holds a socket, found by the shell through /proc/PID/fd ("socket:[inode]").
public struct SocketOwner: Sendable, Equatable {
    public var pid: Int32
    public var name: String

    public init(pid: Int32, name: String) {
        self.pid = pid
        self.name = name
    }
}
