/// Finds the known key an operator most likely meant when they wrote an unknown one.
///
/// Uses the optimal-string-alignment edit distance (a swap of two neighbours counts as one edit,
/// the commonest typo), after treating `-` like `_` and ignoring case.
enum KeySuggester {
    /// The closest known key, or nil when none is close enough to be a plausible typo.
    static func suggest(_ unknown: String, among known: [String]) -> String? {
        let target = normalized(unknown)
        guard target.count <= 64 else { return nil }
        var best: (key: String, distance: Int)?
        for candidate in known {
            let distance = editDistance(target, normalized(candidate))
            if distance <= allowedDistance(for: candidate), distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.key
    }

    private static func allowedDistance(for key: String) -> Int {
        switch key.count {
        case ..<4: 1
        case ..<9: 2
        default: 3
        }
    }

    private static func normalized(_ key: String) -> [Character] {
        Array(key.lowercased().map { $0 == "-" ? "_" : $0 })
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
