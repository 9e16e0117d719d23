import Quorum

/// Why a scenario could not be set up as written (not a failed property: the premise itself failed).
enum ScenarioError: Error, CustomStringConvertible {
    case notElected(NodeID, withinMillis: Int64)

    var description: String {
        switch self {
        case let .notElected(id, millis):
            "\(id) was not elected within \(millis) ms of campaigning"
        }
    }
}
