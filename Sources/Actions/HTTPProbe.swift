/// A GET over a plain socket, reading no more than the status line: the probe asks whether the
/// service answers with the expected status, and a minimal HTTP/1.1 client keeps the agent free of
/// a networking stack. https goes through `curl` (see `ProbeKind.http`).
enum HTTPProbe {
    /// Bytes read at most while looking for the status line.
    static let statusLineLimit = 8192

    static func run(_ target: HTTPTarget, expectStatus: Int, deadline: ProbeDeadline) -> ProbeResult {
        let socket = ProbeSocket()
        defer { socket.close() }
        if let failure = socket.connect(host: target.host, port: target.port, deadline: deadline) {
            return deadline.result(false, "HTTP \(target.hostHeader): \(failure)")
        }
        let request = "GET \(target.target) HTTP/1.1\r\nHost: \(target.hostHeader)\r\n"
            + "User-Agent: nodeagent-check\r\nAccept: */*\r\nConnection: close\r\n\r\n"
        if let failure = socket.send(Array(request.utf8), deadline: deadline) {
            return deadline.result(false, "HTTP \(target.hostHeader): \(failure)")
        }
        switch readStatusLine(socket, deadline: deadline) {
        case .failure(let error):
            return deadline.result(false, "HTTP \(target.hostHeader): \(error.description)")
        case .success(let line):
            return judge(line, expectStatus: expectStatus, deadline: deadline)
        }
    }

    static func judge(_ line: String, expectStatus: Int, deadline: ProbeDeadline) -> ProbeResult {
        guard let status = statusCode(of: line) else {
            return deadline.result(false, "not an HTTP status line: \"\(line.prefix(100))\"")
        }
        let reason = line.split(separator: " ", maxSplits: 2).dropFirst(2).first.map { " " + $0 } ?? ""
        if status == expectStatus { return deadline.result(true, "HTTP \(status)\(reason)") }
        return deadline.result(false, "HTTP \(status)\(reason) (expected \(expectStatus))")
    }

    /// The status code of "HTTP/1.1 200 OK", or nil when the line is not a status line.
    static func statusCode(of line: String) -> Int? {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), parts[1].count == 3,
              let code = Int(parts[1]), (100...999).contains(code) else { return nil }
        return code
    }

    private static func readStatusLine(_ socket: ProbeSocket,
                                       deadline: ProbeDeadline) -> Result<String, ProbeSocketError> {
        var received: [UInt8] = []
        while received.count < statusLineLimit {
            switch socket.receive(limit: statusLineLimit - received.count, deadline: deadline) {
            case .failure(let error):
                return .failure(error)
            case .success(let chunk) where chunk.isEmpty:
                return received.isEmpty ? .failure(.failed("closed without an answer")) : .success(line(received))
            case .success(let chunk):
                received += chunk
                if received.contains(UInt8(ascii: "\n")) { return .success(line(received)) }
            }
        }
        return .failure(.failed("no status line in the first \(statusLineLimit) bytes"))
    }

    private static func line(_ bytes: [UInt8]) -> String {
        let first = bytes.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        return String(decoding: first, as: UTF8.self)
    }
}
