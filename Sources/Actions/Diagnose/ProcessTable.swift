import Diagnose
import Foundation

/// What the checks need to know about the node's processes, from /proc/PID: descriptors held, the
/// owners of given sockets, processes by name. Processes that vanish or cannot be read (another
/// user's, when the agent does not run as root) are skipped.
enum ProcessTable {
    static func pids() -> [Int32] {
        (ProcText.entries("/proc") ?? []).compactMap { Int32($0) }.sorted()
    }

    static func name(_ pid: Int32) -> String {
        ProcText.text("/proc/\(pid)/comm").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every readable process with its descriptor count and soft RLIMIT_NOFILE.
    static func descriptorHolders() -> [DescriptorHolder] {
        pids().compactMap { pid in
            guard let descriptors = ProcText.entries("/proc/\(pid)/fd") else { return nil }
            return DescriptorHolder(pid: pid, name: name(pid), count: descriptors.count,
                                    limit: DescriptorHolder.softLimit(limits: ProcText.text("/proc/\(pid)/limits")))
        }
    }

    /// The processes holding any of `inodes` ("socket:[N]" descriptors).
    static func socketOwners(of inodes: Set<UInt64>) -> [UInt64: SocketOwner] {
        guard !inodes.isEmpty else { return [:] }
        var owners: [UInt64: SocketOwner] = [:]
        for pid in pids() {
            guard let descriptors = ProcText.entries("/proc/\(pid)/fd") else { continue }
            var owner: SocketOwner?
            for descriptor in descriptors {
                guard let target = ProcText.link("/proc/\(pid)/fd/\(descriptor)"), target.hasPrefix("socket:["),
                      let inode = UInt64(target.dropFirst(8).dropLast()), inodes.contains(inode) else { continue }
                if owner == nil { owner = SocketOwner(pid: pid, name: name(pid)) }
                owners[inode] = owner
            }
        }
        return owners
    }

    /// How many processes have this comm (e.g. "sshd") and share the agent's network namespace: an
    /// sshd of a container or a network namespace beside the node cannot serve the node's port. A
    /// process whose namespace cannot be read (another user's, for an agent not running as root) counts.
    static func count(named wanted: String) -> Int {
        let own = ProcText.link("/proc/self/ns/net")
        return pids().reduce(0) { count, pid in
            guard name(pid) == wanted else { return count }
            let theirs = ProcText.link("/proc/\(pid)/ns/net")
            return count + (own == nil || theirs == nil || own == theirs ? 1 : 0)
        }
    }
}
