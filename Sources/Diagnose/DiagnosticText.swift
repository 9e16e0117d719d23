import Foundation

/// Number formatting shared by the evidence texts, so every check writes figures the same way.
enum DiagnosticText {
    /// 0.1234 → "12.3%".
    static func percent(_ fraction: Double) -> String {
        String(format: "%.1f%%", fraction * 100)
    }

    /// Kibibytes → "1.5 GiB", "512 MiB".
    static func kibibytes(_ kib: Int) -> String {
        let mib = Double(kib) / 1024
        return mib >= 1024 ? String(format: "%.1f GiB", mib / 1024) : String(format: "%.0f MiB", mib)
    }

    /// Seconds → "3 d 4 h", "12 min", "40 s".
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds)
        if total >= 86_400 { return "\(total / 86_400) d \(total % 86_400 / 3600) h" }
        if total >= 3600 { return "\(total / 3600) h \(total % 3600 / 60) min" }
        if total >= 60 { return "\(total / 60) min" }
        return "\(total) s"
    }

    /// The first `limit` items joined with ", ", and "+N more" for the rest.
    static func list(_ items: [String], limit: Int = 5) -> String {
        let shown = items.prefix(limit).joined(separator: ", ")
        return items.count > limit ? shown + " +\(items.count - limit) more" : shown
    }
}
