import Foundation

/// Hands out loopback addresses no other test of this run uses: 127.x.y.z with x chosen per run, so a
/// leftover process of an earlier run cannot collide.
enum Loopback {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var counter = 0
    private static let block = 100 + Int(getpid() % 100)

    static func next(port: Int = 7946) -> String {
        lock.lock()
        defer { lock.unlock() }
        counter += 1
        return "127.\(block).\(counter / 250).\(counter % 250 + 2):\(port)"
    }
}
