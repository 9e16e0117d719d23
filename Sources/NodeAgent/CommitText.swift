import Wire

/// The one-line answer to a lever that goes through the quorum (pin, unpin, promote, mode): what was
/// done and where it landed in the replicated log, rather than the raw JSON (`--json` keeps that).
enum CommitText {
    static func line(_ done: String, _ result: JSONValue) -> String {
        guard case let .object(fields) = result else { return done }
        var place: [String] = []
        if case let .number(term)? = fields["term"] { place.append("term \(Int(term))") }
        if case let .number(index)? = fields["index"] { place.append("log index \(Int(index))") }
        return place.isEmpty ? done : "\(done) (committed: \(place.joined(separator: ", ")))"
    }

    static func print(_ result: JSONValue, json: Bool, _ done: String) throws {
        Swift.print(json ? try JSONOutput.render(result) : line(done, result))
    }
}
