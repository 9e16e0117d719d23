/// The parts of an `http://` or `https://` URL a health probe needs, parsed by hand so that a bad
/// URL is a failure with a reason, never a crash.
struct HTTPTarget: Sendable, Equatable {
    var secure: Bool
    /// The host as written, IPv6 literals without brackets.
    var host: String
    var port: Int
    /// Path and query, "/" at least.
    var target: String

    /// The Host header value: the host (bracketed if IPv6) and a non-default port.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        let defaultPort = secure ? 443 : 80
        return port == defaultPort ? name : "\(name):\(port)"
    }

    static func parse(_ url: String) -> Result<HTTPTarget, HTTPTargetError> {
        let secure: Bool
        let rest: Substring
        if url.hasPrefix("http://") {
            (secure, rest) = (false, url.dropFirst(7))
        } else if url.hasPrefix("https://") {
            (secure, rest) = (true, url.dropFirst(8))
        } else {
            return .failure(HTTPTargetError("\"\(url)\" is not an http:// or https:// URL"))
        }
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7f }) else {
            return .failure(HTTPTargetError("the URL contains blanks or control characters"))
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        var target = String(rest.dropFirst(authority.count).prefix { $0 != "#" })
        if !target.hasPrefix("/") { target = "/" + target }
        return hostAndPort(authority, defaultPort: secure ? 443 : 80).map {
            HTTPTarget(secure: secure, host: $0.host, port: $0.port, target: target)
        }
    }

    private static func hostAndPort(_ authority: Substring,
                                    defaultPort: Int) -> Result<(host: String, port: Int), HTTPTargetError> {
        let hostPart = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? authority
        var host: Substring
        var portText: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else {
                return .failure(HTTPTargetError("unclosed [ in the URL's host"))
            }
            host = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                return .failure(HTTPTargetError("unexpected \"\(after)\" after the URL's host"))
            }
        } else if let colon = hostPart.lastIndex(of: ":") {
            host = hostPart[..<colon]
            portText = hostPart[hostPart.index(after: colon)...]
        } else {
            host = hostPart
        }
        guard !host.isEmpty else { return .failure(HTTPTargetError("the URL has no host")) }
        guard let portText else { return .success((String(host), defaultPort)) }
        guard let port = Int(portText), (1...65535).contains(port) else {
            return .failure(HTTPTargetError("\"\(portText)\" is not a port number"))
        }
        return .success((String(host), port))
    }
}
