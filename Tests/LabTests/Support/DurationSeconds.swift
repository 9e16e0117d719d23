#if os(Linux)
extension Duration {
    /// The duration in seconds as a Double, for printing figures and comparing with measured bounds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// "1.234 s", the format every lab figure is printed in; below a millisecond "87 µs", so the
    /// sampler's read times do not print as zero.
    var formatted: String {
        if self < .milliseconds(1) {
            return "\(Int((seconds * 1_000_000).rounded())) µs"
        }
        let millis = Int((seconds * 1000).rounded())
        let fraction = String(abs(millis) % 1000)
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction) s"
    }
}
#endif
