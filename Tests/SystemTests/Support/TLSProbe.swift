import Foundation
import Wire

/// Speaks to an agent the way an attacker or a broken client would, with real tools: OpenSSL's
/// `s_client` for TLS (an implementation independent of ours) and bash's /dev/tcp for plaintext.
enum TLSProbe {
    static let openssl = "/usr/bin/openssl"

    /// Opens TLS 1.3 (or `version`) to `address`, optionally with a client certificate, sends `payload`
    /// and waits until the server closes the connection (or `timeout`).
    static func tls(_ address: String, cert: String? = nil, key: String? = nil, version: String = "-tls1_3",
                    payload: [UInt8] = [], timeout: Duration = .seconds(10)) throws -> Shell.Result {
        var argv = [openssl, "s_client", "-connect", address, version, "-quiet"]
        if let cert, let key { argv += ["-cert", cert, "-key", key] }
        return try Shell.run(argv, input: Data(payload), timeout: timeout)
    }

    /// Sends `text` over plain TCP and waits until the server closes.
    static func plaintext(_ address: String, text: String, timeout: Duration = .seconds(10)) throws -> Shell.Result {
        let parts = address.split(separator: ":")
        let script = "exec 3<>/dev/tcp/\(parts[0])/\(parts[1]); printf '%s' \"$1\" >&3; cat <&3 >/dev/null"
        return try Shell.run(["/bin/bash", "-c", script, "probe", text], timeout: timeout)
    }

    static func helloFrame(_ name: String, purpose: Hello.Purpose = .peer) throws -> [UInt8] {
        let hello = Hello(node: name, role: "app", address: "127.0.0.1:1", agentVersion: "probe", purpose: purpose)
        return try WireCodec.frame(.hello, hello).encoded()
    }

    static func requestFrame(_ command: String) throws -> [UInt8] {
        try WireCodec.frame(.adminRequest, AdminRequest(id: 9, command: command)).encoded()
    }
}
