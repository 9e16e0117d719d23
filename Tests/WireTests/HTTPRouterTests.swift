import Foundation
import SeededRandom
import Testing
@testable import Wire

/// The HTTP API's routing: every route maps to its command with its path, query and body arguments;
/// what does not match is a 4xx with a reason, never a guess; the OpenAPI document describes exactly
/// the routes the server serves; mangled targets and bodies never crash the router.
@Suite struct HTTPRouterTests {
    func resolve(_ method: String, _ target: String, _ body: String = "") -> Result<HTTPRouter.Resolved, HTTPRouteError> {
        HTTPRouter.resolve(method: method, target: target, body: Array(body.utf8))
    }

    @Test func routesMapOntoCommandsWithTheirArguments() throws {
        let pin = try resolve("POST", "/v1/vip/app/pin", "{\"node\": \"app2\"}").get()
        #expect(pin.request.command == "vip-pin" && pin.request.arguments == ["group": "app", "node": "app2"] && pin.node == nil)
        let events = try resolve("GET", "/v1/events?since=1796256000&severity=critical&limit=5&all_nodes=true").get()
        #expect(events.request.command == "events")
        #expect(events.request.arguments == ["since": "1796256000", "severity": "critical", "limit": "5", "all_nodes": "true"])
        let logs = try resolve("GET", "/v1/operations/op%2D7/logs?node=app1&step=restart+web").get()
        #expect(logs.request.arguments == ["id": "op-7", "node": "app1", "step": "restart web"])
        let fleet = try resolve("GET", "/v1/diagnose/fleet").get()
        #expect(fleet.request.command == "diagnose" && fleet.request.arguments == ["all": "true"])
        let policy = try resolve("PUT", "/v1/events/policies/replication_lag", "{\"enabled\": true, \"severity\": \"fatal\", \"params\": {\"lag_threshold_sec\": 5}}").get()
        #expect(policy.request.arguments["enabled"] == "true" && policy.request.arguments["severity"] == "fatal")
        #expect(policy.request.arguments["params_json"] == "{\"lag_threshold_sec\":\"5\"}")
    }

    @Test func anyReadIsAnsweredByAnotherNodeUnderNodes() throws {
        let forwarded = try resolve("GET", "/v1/nodes/db2/status").get()
        #expect(forwarded.node == "db2" && forwarded.request.command == "status")
        guard case .failure(.badRequest) = resolve("POST", "/v1/nodes/db2/vip/app/unpin") else {
            Issue.record("a mutation through /v1/nodes must be refused")
            return
        }
        guard case .failure(.badRequest) = resolve("GET", "/v1/nodes/a%20b/status") else {
            Issue.record("a node name with a blank must be refused")
            return
        }
    }

    @Test func mismatchesAreFourHundreds() {
        #expect(resolve("GET", "/v1/nope").failureStatus == 404)
        #expect(resolve("DELETE", "/v1/status").failureStatus == 405)
        #expect(resolve("DELETE", "/v1/status").failureAllow == "GET")
        #expect(resolve("POST", "/metrics").failureStatus == 405)
        #expect(resolve("GET", "/v1/status?x=1").failureStatus == 400)
        #expect(resolve("GET", "/v1/events?since=-1").failureStatus == 400)
        #expect(resolve("GET", "/v1/events?limit=0").failureStatus == 400)
        #expect(resolve("GET", "/v1/fleet/state?current=yes").failureStatus == 400)
        #expect(resolve("GET", "/v1/events?severity=high").failureStatus == 400)
        #expect(resolve("POST", "/v1/vip/app/pin", "{\"nod\": \"app2\"}").failureStatus == 400)
        #expect(resolve("POST", "/v1/vip/app/pin", "[1]").failureStatus == 400)
        #expect(resolve("POST", "/v1/vip/app/pin", "{\"node\": [1]}").failureStatus == 400)
        #expect(resolve("GET", "/v1/status", "{}").failureStatus == 400)
        #expect(resolve("GET", "/v1/%zz").failureStatus == 400)
    }

    @Test func theDocumentDescribesEveryRouteAndIsJSON() throws {
        #expect(HTTPAPIDocument.undescribed.isEmpty, "routes without a description: \(HTTPAPIDocument.undescribed)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(HTTPAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(object["paths"] as? [String: [String: Any]])
        for route in HTTPRouter.routes {
            #expect(paths[route.path]?[route.method.lowercased()] != nil, "\(route.method) \(route.path) is not in the document")
            if route.method == "GET" {
                #expect(paths["/v1/nodes/{node}" + route.path.dropFirst(3)]?["get"] != nil, "GET \(route.path) has no /v1/nodes form")
            }
        }
        let operationIDs = paths.values.flatMap { $0.values.compactMap { ($0 as? [String: Any])?["operationId"] as? String } }
        #expect(Set(operationIDs).count == operationIDs.count, "operationIds are not unique")
    }

    @Test func mangledRequestsNeverCrash() {
        var random = SeededRandom.SplitMix64(seed: 11)
        let targets = ["/v1/events?since=1&limit=2", "/v1/vip/app/mode", "/v1/nodes/db1/operations/x/logs?node=a", "/v1/events/policies/deadlocks"]
        let bodies = ["{\"node\":\"app1\",\"mode\":\"passive\"}", "{\"params\":{\"a\":\"b\"},\"enabled\":false}", ""]
        for _ in 0..<3_000 {
            var target = Array(targets[random.below(targets.count)].utf8)
            var body = Array(bodies[random.below(bodies.count)].utf8)
            for _ in 0..<random.below(6) where !target.isEmpty { target[random.below(target.count)] = UInt8(random.below(256)) }
            for _ in 0..<random.below(6) where !body.isEmpty { body[random.below(body.count)] = UInt8(random.below(256)) }
            let method = ["GET", "POST", "PUT", "PATCH"][random.below(4)]
            if case let .failure(error) = HTTPRouter.resolve(method: method, target: String(decoding: target, as: UTF8.self), body: body) {
                #expect((400...499).contains(error.status))
            }
        }
    }
}

extension Result where Failure == HTTPRouteError {
    var failureStatus: Int? { if case let .failure(error) = self { error.status } else { nil } }
    var failureAllow: String? { if case let .failure(error) = self { error.allow } else { nil } }
}
