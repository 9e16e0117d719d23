import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL

/// What the probes share instead of a thread or a process each: one HTTP client on an event loop
/// group (http, https and the Docker Engine API), that group for TCP connects, and one sd-bus
/// connection to systemd.
///
/// The agent should hand in its own `EventLoopGroup` (`init(eventLoopGroup:)`) and call
/// `shutdown()` when it stops: the probes then add no threads of their own beyond the sd-bus queue,
/// and the client is closed in order. `shared` exists so that `CheckProber()` works without that
/// wiring (tests, tools): it runs on NIO's process-wide singleton group, lives as long as the
/// process and is never shut down, like the singleton group itself.
public final class ProbeClients: Sendable {
    /// The process-wide instance on `MultiThreadedEventLoopGroup.singleton`; never shut down.
    public static let shared = ProbeClients(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)

    /// The Docker Engine's socket, as the `docker` CLI uses by default.
    public static let defaultDockerSocket = "/var/run/docker.sock"

    let eventLoopGroup: any EventLoopGroup
    let http: HTTPClient
    let systemd: SystemdBus
    /// The unix socket of the Docker Engine API.
    public let dockerSocket: String

    /// - Parameters:
    ///   - eventLoopGroup: the agent's group; the probes' sockets are served by its loops.
    ///   - dockerSocket: where the Docker Engine listens.
    ///   - systemBus: the bus on which systemd's manager is asked.
    public init(eventLoopGroup: any EventLoopGroup, dockerSocket: String = ProbeClients.defaultDockerSocket,
                systemBus: SystemBusAddress = .system) {
        self.eventLoopGroup = eventLoopGroup
        self.http = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: Self.configuration)
        self.systemd = SystemdBus(address: systemBus)
        self.dockerSocket = dockerSocket
    }

    /// Closes the HTTP client and the bus connection. Call once, after the last probe; the group
    /// itself stays the caller's to shut down. Never call it on `shared`.
    public func shutdown() async throws {
        await systemd.close()
        try await http.shutdown()
    }

    /// No certificate verification (local health endpoints are self-signed; the probe asks "does the
    /// service answer", not "whom do I trust"), no proxy, no redirects (a 3xx is the answer), no
    /// decompression, HTTP/1.1 only.
    static var configuration: HTTPClient.Configuration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls, redirectConfiguration: .disallow,
                                                     proxy: nil, decompression: .disabled)
        configuration.httpVersion = .http1Only
        return configuration
    }
}
