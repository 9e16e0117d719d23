/// Why a probe's program could not be started, e.g. "cannot run /bin/nope: No such file or directory".
struct SpawnFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
