import NIOCore
import NIOPosix
import Quorum
import QuorumStorage
import Synchronization

/// Raft's disk writes, off the event loop: a slow or stalled fsync then delays commits, never the
/// systemd watchdog ping, gossip or the admin API that share the loop. One thread, so the batches are
/// written in the order they are handed in.
final class QuorumDiskWriter: Sendable {
    /// Used only from the pool's single thread; the mutex makes that checkable rather than promised.
    private let storage: Mutex<RaftStorage<FleetState>>
    private let pool: NIOThreadPool

    init(storage: consuming sending RaftStorage<FleetState>) {
        self.storage = Mutex(storage)
        pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
    }

    /// Makes the persist effects of `effects` durable (see `RaftStorage.perform(batch:)`); the future
    /// completes on `loop` once they are fsynced.
    func write(_ effects: [RaftEffect], on loop: any EventLoop) -> EventLoopFuture<Void> {
        pool.runIfActive(eventLoop: loop) {
            try self.storage.withLock { storage throws(StorageError) in try storage.perform(batch: effects) }
        }
    }

    func shutdown() async {
        try? await pool.shutdownGracefully()
    }
}
