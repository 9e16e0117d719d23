import Foundation

/// The OpenAPI 3.0 document of the HTTP API, derived from `HTTPRouter.routes`, the same table the
/// server routes with: a route cannot exist without its description, nor the reverse. Served at
/// `/v1/openapi.json`; schemathesis checks the running server against it.
public enum HTTPAPIDocument {
    /// What the document says of one route beyond its method and path.
    struct Description {
        var summary: String
        var query: [String: JSONValue] = [:]
        var body: JSONValue?
        var required: [String] = []
        var result: JSONValue = object()
    }

    static func string(_ extra: [String: JSONValue] = [:]) -> JSONValue { .object(["type": .string("string")].merging(extra) { $1 }) }
    static func boolean() -> JSONValue { .object(["type": .string("string"), "enum": .array([.string("true"), .string("false")])]) }
    static func object(required: [String] = [], properties: [String: JSONValue] = [:], closed: Bool = false) -> JSONValue {
        var schema: [String: JSONValue] = ["type": .string("object")]
        if closed { schema["additionalProperties"] = .bool(false) }
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        if !properties.isEmpty { schema["properties"] = .object(properties) }
        return .object(schema)
    }
    static func array(_ items: JSONValue) -> JSONValue { .object(["type": .string("array"), "items": items]) }
    static let severity = string(["enum": .array(["fatal", "critical", "normal"].map { .string($0) })])

    static let descriptions: [String: Description] = [
        "GET /v1/status": .init(summary: "This node and its peer connections",
                                result: object(required: ["node", "role", "voter", "address", "agentVersion", "pid", "peers"],
                                               properties: ["node": string(), "role": string(), "peers": array(object())])),
        "GET /v1/members": .init(summary: "The fleet as this node's gossip sees it",
                                 result: object(required: ["node", "members"], properties: [
                                     "node": string(),
                                     "members": array(object(required: ["name", "status"], properties: ["name": string(), "status": string()])),
                                 ])),
        "GET /v1/coordinator": .init(summary: "The quorum: coordinator, term, voters, log indexes",
                                     result: object(required: ["node", "role", "term"])),
        "GET /v1/fleet/state": .init(summary: "The replicated fleet state; current=true reads through the coordinator",
                                     query: ["current": boolean()], result: object(required: ["node", "state"])),
        "GET /v1/vip": .init(summary: "VIP groups: holder, desired owner and why, members, pins",
                             result: object(required: ["node", "groups"], properties: ["groups": array(object())])),
        "POST /v1/vip/{group}/pin": .init(summary: "Pin the group to a node (admin)", body: object(required: ["node"], properties: ["node": string()]),
                                          required: ["node"], result: object()),
        "POST /v1/vip/{group}/unpin": .init(summary: "Remove the group's pin (admin)"),
        "POST /v1/vip/{group}/promote": .init(summary: "Hand the group over to a node (admin)",
                                              body: object(required: ["node"], properties: ["node": string()]), required: ["node"]),
        "POST /v1/vip/{group}/mode": .init(summary: "Set a member's mode: auto or passive (admin)",
                                           body: object(required: ["node", "mode"], properties: [
                                               "node": string(), "mode": string(["enum": .array([.string("auto"), .string("passive")])]),
                                           ]), required: ["node", "mode"]),
        "GET /v1/operations": .init(summary: "Every operation the fleet keeps", result: array(object())),
        "GET /v1/operations/{id}": .init(summary: "One operation", result: array(object())),
        "GET /v1/operations/{id}/logs": .init(summary: "Each attempt's outcome and output, from the node that ran it",
                                              query: ["node": string(["minLength": .number(1)]), "step": string(["minLength": .number(1)])], result: array(object())),
        "POST /v1/operations/{id}/cancel": .init(summary: "Cancel an operation (admin)"),
        "POST /v1/operations/{id}/pause": .init(summary: "Pause an operation (admin)"),
        "POST /v1/operations/{id}/resume": .init(summary: "Resume an operation (admin)",
                                                 body: object(properties: ["decision": string(["enum": .array([.string("retry-step"), .string("skip-step")])])])),
        "GET /v1/events": .init(summary: "What fired and cleared: this node's history, or every node's (all_nodes=true)",
                                query: ["since": .object(["type": .string("number"), "minimum": .number(0)]), "severity": severity, "policy": string(["minLength": .number(1)]),
                                        "limit": .object(["type": .string("integer"), "minimum": .number(1)]), "all_nodes": boolean()],
                                result: object(required: ["records", "silent"], properties: ["records": array(object()), "silent": array(string())])),
        "GET /v1/events/summary": .init(summary: "How often each policy fired, per UTC day",
                                        query: ["since": .object(["type": .string("number"), "minimum": .number(0)]), "all_nodes": boolean()],
                                        result: object(required: ["counts", "silent"])),
        "GET /v1/events/policies": .init(summary: "The event policies in effect", result: array(object(required: ["name", "severity", "enabled", "mandatory"]))),
        "PUT /v1/events/policies/{name}": .init(summary: "Change an event policy for the whole fleet (admin)",
                                                body: object(properties: [
                                                    "enabled": .object(["type": .string("boolean")]), "severity": severity,
                                                    "params": .object(["type": .string("object"), "additionalProperties": string()]),
                                                ])),
        "GET /v1/diagnose": .init(summary: "This node's troubleshooting checklist", result: object(required: ["node", "findings"])),
        "GET /v1/diagnose/fleet": .init(summary: "Every connected node's checklist", result: array(object())),
    ]

    static let errorSchema = object(required: ["error"], properties: ["error": string()])

    /// The document as JSON text.
    public static var json: String {
        let data = (try? JSONEncoder().encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Routes without a description (must be empty: a test checks).
    public static var undescribed: [String] {
        HTTPRouter.routes.map { "\($0.method) \($0.path)" }.filter { descriptions[$0] == nil }
    }

    static var document: JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for route in HTTPRouter.routes {
            let key = "\(route.method) \(route.path)"
            let description = descriptions[key] ?? Description(summary: route.command)
            let operation = self.operation(route, description)
            paths[route.path, default: [:]][route.method.lowercased()] = operation
            if route.method == "GET" {
                var forwarded = operation
                if case var .object(fields) = forwarded {
                    fields["operationId"] = .string(route.command + "-" + route.pattern.dropFirst().joined(separator: "-") + "-at-node")
                    fields["summary"] = .string(description.summary + ", answered by another node through the mesh")
                    var parameters: [JSONValue] = [parameter("node", in: "path", schema: string(["pattern": .string("^[A-Za-z0-9._-]{1,63}$")]), required: true)]
                    if case let .array(existing)? = fields["parameters"] { parameters += existing }
                    fields["parameters"] = .array(parameters)
                    forwarded = .object(fields)
                }
                paths["/v1/nodes/{node}" + route.path.dropFirst(3), default: [:]]["get"] = forwarded
            }
        }
        paths["/metrics", default: [:]]["get"] = .object([
            "operationId": .string("metrics"), "summary": .string("Prometheus text exposition"),
            "responses": .object(["200": .object(["description": .string("metrics"), "content": .object(["text/plain": .object(["schema": string()])])])]),
        ])
        for path in ["/", "/dashboard"] {
            paths[path, default: [:]]["get"] = .object([
                "operationId": .string(path == "/" ? "dashboard-root" : "dashboard"), "summary": .string("The live dashboard (one self-contained page)"),
                "responses": .object(["200": .object(["description": .string("the page"), "content": .object(["text/html": .object(["schema": string()])])])]),
            ])
        }
        return .object([
            "openapi": .string("3.0.3"),
            "info": .object(["title": .string("nodeagent HTTP API"), "version": .string("1"),
                             "description": .string("Every node answers for the fleet. Mutations need an admin certificate (mutual TLS); the loopback listener is read-only.")]),
            "paths": .object(paths.mapValues { .object($0) }),
        ])
    }

    static func parameter(_ name: String, in place: String, schema: JSONValue, required: Bool) -> JSONValue {
        .object(["name": .string(name), "in": .string(place), "required": .bool(required), "schema": schema])
    }

    static func operation(_ route: HTTPRoute, _ description: Description) -> JSONValue {
        var parameters: [JSONValue] = route.pattern.filter { $0.hasPrefix("{") }.map {
            parameter(String($0.dropFirst().dropLast()), in: "path", schema: string(["minLength": .number(1)]), required: true)
        }
        for name in route.query.sorted() {
            parameters.append(parameter(name, in: "query", schema: description.query[name] ?? string(["minLength": .number(1)]), required: false))
        }
        let errors = ["400": "the request does not match this document", "403": "needs an admin certificate",
                      "404": "no such resource or node (or nothing of the kind configured on the node)",
                      "409": "not committed (no quorum, refused by the coordinator)", "413": "body too large",
                      "422": "well-formed but not possible as asked", "503": "the node asked did not answer through the mesh"]
        var responses: [String: JSONValue] = ["200": .object(["description": .string("the answer"),
                                                              "content": .object(["application/json": .object(["schema": description.result])])])]
        for (code, text) in errors {
            responses[code] = .object(["description": .string(text), "content": .object(["application/json": .object(["schema": errorSchema])])])
        }
        var fields: [String: JSONValue] = [
            "operationId": .string(route.command + "-" + route.pattern.dropFirst().joined(separator: "-")),
            "summary": .string(description.summary),
            "responses": .object(responses),
        ]
        if !parameters.isEmpty { fields["parameters"] = .array(parameters) }
        if var body = description.body {
            // Bodies are closed: the server refuses a field it does not know rather than ignore it.
            if case var .object(schema) = body {
                schema["additionalProperties"] = .bool(false)
                body = .object(schema)
            }
            fields["requestBody"] = .object(["required": .bool(!description.required.isEmpty),
                                             "content": .object(["application/json": .object(["schema": body])])])
        }
        return .object(fields)
    }
}
