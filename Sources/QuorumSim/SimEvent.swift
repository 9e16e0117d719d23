import Quorum

/// One thing that happens at a true instant of a simulation.
enum SimEvent {
    case deliver(from: Int, to: Int, message: RaftMessage, epoch: Int)
    case tick
    case faults
    case propose
    case restart(node: Int)
}
