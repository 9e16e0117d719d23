/// A coding key named at run time: the fleet's hand-written codings read keys they may not know (a
/// newer version's command kind or state field) and so cannot use a closed `CodingKeys` enum.
struct FieldKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
