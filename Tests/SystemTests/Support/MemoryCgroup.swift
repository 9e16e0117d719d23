import Foundation

/// A child memory cgroup of the test's own, with a small limit, for a real OOM kill by the kernel
/// (cgroup v1's memory controller or v2's `memory.max`). Created by this test, removed by it.
struct MemoryCgroup {
    let path: String
    /// `memory.limit_in_bytes` (v1) or `memory.max` (v2).
    private let limitFile: String

    /// Nil (with the reason) when this machine gives the test no memory controller it may write.
    static func make(limitBytes: Int) -> (MemoryCgroup?, String?) {
        guard let text = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) else { return (nil, "no /proc/self/cgroup") }
        let lines = text.split(separator: "\n").map(String.init)
        var candidates: [(String, String)] = []
        if let v1 = lines.first(where: { $0.split(separator: ":", maxSplits: 2).dropFirst().first.map { $0.split(separator: ",").contains("memory") } == true }) {
            let own = String(v1.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)[2])
            candidates.append(("/sys/fs/cgroup/memory" + own, "memory.limit_in_bytes"))
        }
        if let v2 = lines.first(where: { $0.hasPrefix("0::") }) {
            candidates.append(("/sys/fs/cgroup" + v2.dropFirst(3), "memory.max"))
        }
        for (parent, limit) in candidates where FileManager.default.fileExists(atPath: parent) {
            let path = parent + "/nodeagent-oom-\(getpid())"
            guard mkdir(path, 0o755) == 0 || errno == EEXIST else { continue }
            guard FileManager.default.fileExists(atPath: path + "/" + limit),
                  (try? String(limitBytes).write(toFile: path + "/" + limit, atomically: false, encoding: .utf8)) != nil else {
                rmdir(path)
                continue
            }
            return (MemoryCgroup(path: path, limitFile: limit), nil)
        }
        return (nil, "no writable memory cgroup under \(candidates.map(\.0))")
    }

    /// Runs `python3` allocating `bytes` inside the cgroup; returns its exit status (137 when the
    /// kernel killed it).
    func runHog(bytes: Int) throws -> Int32 {
        let script = "import os; open('\(path)/cgroup.procs', 'w').write(str(os.getpid())); x = bytearray(\(bytes)); print('survived')"
        let result = try Shell.run(["/usr/bin/python3", "-c", script], timeout: .seconds(30))
        return result.status
    }

    func remove() {
        rmdir(path)
    }
}
