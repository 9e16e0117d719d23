/// The wire and disk shape of fleet commands, `{"<kind>": {<fields>}}`, written out by hand so that a
/// kind this version does not know decodes as `.unknown` (kept, re-encoded unchanged) while a known kind
/// whose fields do not decode is still an error (corruption, not a newer version).
extension FleetCommand: Codable {
    /// The kinds this version knows, in declaration order.
    public static let knownKinds: [String] = [
        "noop", "setVIPMode", "pin", "unpin", "grant", "revoke", "recordOperationStep", "setConfigVersion",
        "startOperation", "recordOperation", "forgetOperations", "setEventPolicy",
    ]

    /// The key this command is encoded under.
    public var kind: String {
        switch self {
        case .noop: "noop"
        case .setVIPMode: "setVIPMode"
        case .pin: "pin"
        case .unpin: "unpin"
        case .grant: "grant"
        case .revoke: "revoke"
        case .recordOperationStep: "recordOperationStep"
        case .setConfigVersion: "setConfigVersion"
        case .startOperation: "startOperation"
        case .recordOperation: "recordOperation"
        case .forgetOperations: "forgetOperations"
        case .setEventPolicy: "setEventPolicy"
        case let .unknown(command): command.kind
        }
    }

    public init(from decoder: any Decoder) throws {
        let outer = try decoder.container(keyedBy: FieldKey.self)
        guard outer.allKeys.count == 1, let key = outer.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "a fleet command has exactly one kind, found \(outer.allKeys.map(\.stringValue))"))
        }
        guard Self.knownKinds.contains(key.stringValue) else {
            self = .unknown(UnknownCommand(kind: key.stringValue, body: try outer.decode(PreservedJSON.self, forKey: key)))
            return
        }
        let fields = try outer.nestedContainer(keyedBy: FieldKey.self, forKey: key)
        func field<T: Decodable>(_ name: String, _ type: T.Type = T.self) throws -> T { try fields.decode(T.self, forKey: FieldKey(name)) }
        switch key.stringValue {
        case "noop": self = .noop
        case "setVIPMode": self = .setVIPMode(group: try field("group"), node: try field("node"), mode: try field("mode"))
        case "pin": self = .pin(group: try field("group"), node: try field("node"))
        case "unpin": self = .unpin(group: try field("group"))
        case "grant":
            self = .grant(group: try field("group"), node: try field("node"),
                          planned: try fields.decodeIfPresent(Bool.self, forKey: FieldKey("planned")))
        case "revoke": self = .revoke(group: try field("group"))
        case "recordOperationStep":
            self = .recordOperationStep(operation: try field("operation"), step: try field("step"),
                                        node: try field("node"), status: try field("status"))
        case "startOperation":
            self = .startOperation(id: try field("id"), rollout: try field("rollout"), admin: try field("admin"))
        case "recordOperation": self = .recordOperation(id: try field("id"), record: try field("record"))
        case "forgetOperations": self = .forgetOperations(ids: try field("ids"))
        case "setEventPolicy": self = .setEventPolicy(name: try field("name"), setting: try field("setting"))
        default: self = .setConfigVersion(version: try field("version"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var outer = encoder.container(keyedBy: FieldKey.self)
        if case let .unknown(command) = self {
            try outer.encode(command.body, forKey: FieldKey(command.kind))
            return
        }
        var fields = outer.nestedContainer(keyedBy: FieldKey.self, forKey: FieldKey(kind))
        switch self {
        case .noop, .unknown:
            break
        case let .setVIPMode(group, node, mode):
            try fields.encode(group, forKey: FieldKey("group"))
            try fields.encode(node, forKey: FieldKey("node"))
            try fields.encode(mode, forKey: FieldKey("mode"))
        case let .pin(group, node):
            try fields.encode(group, forKey: FieldKey("group"))
            try fields.encode(node, forKey: FieldKey("node"))
        case let .unpin(group), let .revoke(group):
            try fields.encode(group, forKey: FieldKey("group"))
        case let .grant(group, node, planned):
            try fields.encode(group, forKey: FieldKey("group"))
            try fields.encode(node, forKey: FieldKey("node"))
            try fields.encodeIfPresent(planned, forKey: FieldKey("planned"))
        case let .recordOperationStep(operation, step, node, status):
            try fields.encode(operation, forKey: FieldKey("operation"))
            try fields.encode(step, forKey: FieldKey("step"))
            try fields.encode(node, forKey: FieldKey("node"))
            try fields.encode(status, forKey: FieldKey("status"))
        case let .setConfigVersion(version):
            try fields.encode(version, forKey: FieldKey("version"))
        case let .startOperation(id, rollout, admin):
            try fields.encode(id, forKey: FieldKey("id"))
            try fields.encode(rollout, forKey: FieldKey("rollout"))
            try fields.encode(admin, forKey: FieldKey("admin"))
        case let .recordOperation(id, record):
            try fields.encode(id, forKey: FieldKey("id"))
            try fields.encode(record, forKey: FieldKey("record"))
        case let .forgetOperations(ids):
            try fields.encode(ids, forKey: FieldKey("ids"))
        case let .setEventPolicy(name, setting):
            try fields.encode(name, forKey: FieldKey("name"))
            try fields.encode(setting, forKey: FieldKey("setting"))
        }
    }
}
