/// The part of the Docker Engine's `GET /containers/{name}/json` answer the probe reads.
struct DockerContainerState: Decodable, Sendable {
    struct State: Decodable, Sendable {
        var running: Bool
        /// "running", "exited", "paused", "restarting", … for the detail.
        var status: String?

        enum CodingKeys: String, CodingKey {
            case running = "Running"
            case status = "Status"
        }
    }

    var state: State

    enum CodingKeys: String, CodingKey {
        case state = "State"
    }
}
