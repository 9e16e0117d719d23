/// The Docker Engine's error body, `{"message": "No such container: web"}`.
struct DockerEngineMessage: Decodable, Sendable {
    var message: String
}
