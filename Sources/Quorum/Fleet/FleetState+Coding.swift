/// The snapshot shape of the fleet state: the fields this version knows, plus every other top-level
/// field kept verbatim (`extensions`), so a snapshot written by a newer agent survives an older one.
extension FleetState: Codable {
    private static let knownKeys: Set<String> = [
        "modes", "pins", "grants", "operations", "configVersion", "appliedIndex", "appliedTerm", "skipped",
        "fleetOperations", "eventPolicies",
    ]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldKey.self)
        func field<T: Decodable>(_ name: String, _ fallback: T) throws -> T {
            try container.decodeIfPresent(T.self, forKey: FieldKey(name)) ?? fallback
        }
        modes = try field("modes", [:])
        pins = try field("pins", [:])
        grants = try field("grants", [:])
        operations = try field("operations", [:])
        fleetOperations = try field("fleetOperations", [:])
        eventPolicies = try field("eventPolicies", [:])
        configVersion = try field("configVersion", 0)
        appliedIndex = try field("appliedIndex", 0)
        appliedTerm = try field("appliedTerm", 0)
        skipped = try field("skipped", [])
        for key in container.allKeys where !Self.knownKeys.contains(key.stringValue) {
            extensions[key.stringValue] = try container.decode(PreservedJSON.self, forKey: key)
        }
        catchUpOnSkipped()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldKey.self)
        for (key, value) in extensions where !Self.knownKeys.contains(key) {
            try container.encode(value, forKey: FieldKey(key))
        }
        try container.encode(modes, forKey: FieldKey("modes"))
        try container.encode(pins, forKey: FieldKey("pins"))
        try container.encode(grants, forKey: FieldKey("grants"))
        try container.encode(operations, forKey: FieldKey("operations"))
        try container.encode(configVersion, forKey: FieldKey("configVersion"))
        try container.encode(appliedIndex, forKey: FieldKey("appliedIndex"))
        try container.encode(appliedTerm, forKey: FieldKey("appliedTerm"))
        if !skipped.isEmpty { try container.encode(skipped, forKey: FieldKey("skipped")) }
        if !fleetOperations.isEmpty { try container.encode(fleetOperations, forKey: FieldKey("fleetOperations")) }
        if !eventPolicies.isEmpty { try container.encode(eventPolicies, forKey: FieldKey("eventPolicies")) }
    }

    /// Applies, in index order, the skipped entries this version knows (an older agent wrote the
    /// snapshot), keeping the applied index where the snapshot put it. Deterministic: every node of
    /// this version that restores the same snapshot reaches the same state.
    private mutating func catchUpOnSkipped() {
        let index = appliedIndex, term = appliedTerm
        let entries = skipped
        skipped = []
        for entry in entries {
            var current = entry
            current.command = entry.command.resolved()
            apply(current)
        }
        appliedIndex = index
        appliedTerm = term
    }
}
