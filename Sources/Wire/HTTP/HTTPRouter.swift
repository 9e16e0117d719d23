import Foundation

/// The HTTP API's routes and the pure mapping of a request onto an `AdminRequest`. Versioned under
/// `/v1`; every route also exists under `/v1/nodes/{node}/…`, answered by that node through the mesh.
public enum HTTPRouter {
    /// The longest body accepted: the API's bodies are a few fields.
    public static let maxBodyBytes = 64 * 1024

    public static let routes: [HTTPRoute] = [
        HTTPRoute("GET", "v1/status", "status"),
        HTTPRoute("GET", "v1/members", "members"),
        HTTPRoute("GET", "v1/coordinator", "coordinator"),
        HTTPRoute("GET", "v1/fleet/state", "fleet-state", query: ["current"]),
        HTTPRoute("GET", "v1/vip", "vip"),
        HTTPRoute("POST", "v1/vip/{group}/pin", "vip-pin", body: ["node"]),
        HTTPRoute("POST", "v1/vip/{group}/unpin", "vip-unpin"),
        HTTPRoute("POST", "v1/vip/{group}/promote", "vip-promote", body: ["node"]),
        HTTPRoute("POST", "v1/vip/{group}/mode", "vip-mode", body: ["node", "mode"]),
        HTTPRoute("GET", "v1/operations", "op-status"),
        HTTPRoute("GET", "v1/operations/{id}", "op-status"),
        HTTPRoute("GET", "v1/operations/{id}/logs", "op-logs", query: ["node", "step"]),
        HTTPRoute("POST", "v1/operations/{id}/cancel", "op-cancel"),
        HTTPRoute("POST", "v1/operations/{id}/pause", "op-pause"),
        HTTPRoute("POST", "v1/operations/{id}/resume", "op-resume", body: ["decision"]),
        HTTPRoute("GET", "v1/events", "events", query: ["since", "severity", "policy", "limit", "all_nodes"]),
        HTTPRoute("GET", "v1/events/summary", "events-summary", query: ["since", "all_nodes"]),
        HTTPRoute("GET", "v1/events/policies", "events-policies"),
        HTTPRoute("PUT", "v1/events/policies/{name}", "events-policy-set", body: ["enabled", "severity", "params"]),
        HTTPRoute("GET", "v1/diagnose", "diagnose"),
        HTTPRoute("GET", "v1/diagnose/fleet", "diagnose", fixed: ["all": "true"]),
    ]

    /// Resources served beside the routes (the document and the metrics), with their one method.
    public static let fixedPaths = ["/metrics": "GET", "/v1/openapi.json": "GET", "/": "GET", "/dashboard": "GET"]

    /// What a request asks: the admin request, and the node that must answer it (nil: this one).
    public struct Resolved: Sendable, Equatable {
        public var request: AdminRequest
        public var node: String?
    }

    /// Maps a request onto a command. `target` is the request target (path and query); `body` the
    /// raw body. Unknown parameters and fields are refused rather than ignored, so a typo never
    /// silently changes nothing.
    public static func resolve(method: String, target: String, body: [UInt8]) -> Result<Resolved, HTTPRouteError> {
        let (path, queryText) = split(target)
        guard let segments = segments(path) else { return .failure(.badRequest("the path \(path) is not valid percent-encoding")) }
        var node: String?
        var routeSegments = segments
        if segments.count >= 3, segments[0] == "v1", segments[1] == "nodes" {
            node = segments[2]
            routeSegments = ["v1"] + segments.dropFirst(3)
            guard let name = node, isNodeName(name) else { return .failure(.badRequest("\"\(segments[2])\" is not a node name")) }
        }
        let candidates = routes.compactMap { route in route.match(routeSegments).map { (route, $0) } }
        if node == nil, let fixed = fixedPaths[path], fixed != method { return .failure(.methodNotAllowed(method: method, path: path, allowed: [fixed])) }
        guard !candidates.isEmpty else { return .failure(.notFound(path: path)) }
        guard let (route, captured) = candidates.first(where: { $0.0.method == method }) else {
            return .failure(.methodNotAllowed(method: method, path: path, allowed: candidates.map(\.0.method)))
        }
        if node != nil, route.method != "GET" {
            return .failure(.badRequest("\(route.method) \(route.path) changes the fleet: send it to any node's own /v1 path, not through /v1/nodes/…"))
        }
        var arguments = route.fixed.merging(captured) { $1 }
        switch parseQuery(queryText, allowed: route.query) {
        case let .success(query): arguments.merge(query) { $1 }
        case let .failure(error): return .failure(error)
        }
        switch parseBody(body, allowed: route.body, method: method) {
        case let .success(fields): arguments.merge(fields) { $1 }
        case let .failure(error): return .failure(error)
        }
        return .success(Resolved(request: AdminRequest(id: 1, command: route.command, arguments: arguments), node: node))
    }

    public static func split(_ target: String) -> (String, String?) {
        guard let mark = target.firstIndex(of: "?") else { return (target, nil) }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }

    static func segments(_ path: String) -> [String]? {
        var result: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = String(part).removingPercentEncoding else { return nil }
            result.append(decoded)
        }
        return result
    }

    static func isNodeName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 63 && name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    static func parseQuery(_ text: String?, allowed: [String]) -> Result<[String: String], HTTPRouteError> {
        guard let text, !text.isEmpty else { return .success([:]) }
        var values: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding,
                  let value = (parts.count > 1 ? String(parts[1]) : "").replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                return .failure(.badRequest("the query is not valid percent-encoding"))
            }
            guard allowed.contains(key) else {
                return .failure(.badRequest(allowed.isEmpty ? "this resource takes no query parameters (\"\(key)\" given)"
                    : "unknown query parameter \"\(key)\"; accepted: \(allowed.joined(separator: ", "))"))
            }
            if let problem = checkQueryValue(key, value) { return .failure(.badRequest(problem)) }
            values[key] = value
        }
        return .success(values)
    }

    /// The shapes the query parameters must have, as the OpenAPI document declares them.
    static func checkQueryValue(_ key: String, _ value: String) -> String? {
        switch key {
        case "current", "all_nodes":
            return ["true", "false"].contains(value) ? nil : "\(key) must be true or false, got \"\(value)\""
        case "since":
            guard let number = Double(value), number.isFinite, number >= 0 else { return "since must be seconds since 1970 (a number of at least 0), got \"\(value)\"" }
            return nil
        case "limit":
            guard let number = Int(value), number >= 1 else { return "limit must be a whole number of at least 1, got \"\(value)\"" }
            return nil
        case "severity":
            return ["fatal", "critical", "normal"].contains(value) ? nil : "severity must be fatal, critical or normal, got \"\(value)\""
        default:
            return value.isEmpty ? "\(key) must not be empty" : nil
        }
    }

    static func parseBody(_ body: [UInt8], allowed: [String], method: String) -> Result<[String: String], HTTPRouteError> {
        guard !body.isEmpty, !body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return .success([:]) }
        guard method != "GET" else { return .failure(.badRequest("a GET takes no body")) }
        guard body.count <= maxBodyBytes else { return .failure(.badRequest("the body is over \(maxBodyBytes) bytes")) }
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: Data(body)) else {
            return .failure(.badRequest("the body must be a JSON object"))
        }
        var fields: [String: String] = [:]
        for (key, value) in object {
            guard allowed.contains(key) else {
                return .failure(.badRequest(allowed.isEmpty ? "this operation takes no body fields (\"\(key)\" given)"
                    : "unknown field \"\(key)\"; accepted: \(allowed.joined(separator: ", "))"))
            }
            if key == "params" {
                // Passed on as JSON: any name and value reaches the dispatcher, which says what it accepts.
                guard case let .object(params) = value, params.values.allSatisfy({ scalar($0) != nil }),
                      let data = try? JSONEncoder().encode(params.mapValues { JSONValue.string(scalar($0) ?? "") }) else {
                    return .failure(.badRequest("\"params\" must be an object of strings"))
                }
                fields["params_json"] = String(decoding: data, as: UTF8.self)
                continue
            }
            guard let text = scalar(value) else { return .failure(.badRequest("\"\(key)\" must be a string, number or boolean")) }
            fields[key] = text
        }
        return .success(fields)
    }

    private static func scalar(_ value: JSONValue) -> String? {
        switch value {
        case let .string(text): text
        case let .bool(flag): flag ? "true" : "false"
        case let .number(number): number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        default: nil
        }
    }
}
