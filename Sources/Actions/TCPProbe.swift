import NIOCore
import NIOPosix

/// A TCP connect through NIO's `ClientBootstrap`: the channel is closed as soon as it is open,
/// the probe asks only whether something listens and accepts.
enum TCPProbe {
    static func run(host: String, port: Int, group: any EventLoopGroup, budget: ProbeBudget) async -> ProbeResult {
        let name = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)"
        guard (1...65535).contains(port) else { return budget.result(false, "tcp \(name): port \(port) is out of range") }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard !bare.isEmpty, !bare.contains("\0") else { return budget.result(false, "tcp \(name): empty host name") }
        return await ProbeRace.run(budget: budget) {
            await connect(bare, port: port, group: group, budget: budget, name: name)
        } stopped: { reason in
            budget.result(false, "tcp \(name): \(reason)")
        }
    }

    private static func connect(_ host: String, port: Int, group: any EventLoopGroup, budget: ProbeBudget,
                                name: String) async -> ProbeResult {
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(budget.remainingTimeAmount)
        do {
            let channel: any Channel
            if let address = try? SocketAddress(ipAddress: host, port: port) {
                channel = try await bootstrap.connect(to: address).get()
            } else {
                channel = try await bootstrap.connect(host: host, port: port).get()
            }
            try? await channel.close()
            return budget.result(true, "tcp \(name): connected")
        } catch {
            return budget.result(false, "tcp \(name): connect failed: \(ProbeErrorText.describe(error, budget: budget))")
        }
    }
}
