/// Why a check's URL cannot be probed, e.g. "the URL has no host".
struct HTTPTargetError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
