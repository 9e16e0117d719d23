#if os(Linux)
/// Renders and validates keepalived.conf text. Pure, so the rendering is unit-tested without root.
/// Blocks are always written over several lines: keepalived 2.2.7 silently ignored a one-line
/// `track_file { … }`.
enum KeepalivedConfig {
    /// The config for `settings` on the node whose interface is `interface`; `curl` is the absolute
    /// path of curl used by the HTTP check.
    static func render(_ settings: KeepalivedSettings, routerID: String, interface: String,
                       curl: String) throws -> String {
        try validate(settings, routerID: routerID, interface: interface)
        var lines: [String] = ["global_defs {", "    router_id \(routerID)", "    script_user root", "    enable_script_security"]
        if let fifo = settings.notifyFIFO {
            lines.append("    vrrp_notify_fifo \"\(fifo)\"")
        }
        lines.append("}")
        if let check = settings.check {
            lines += [
                "vrrp_script chk_http {",
                "    script \"\(curl) -s -f -o /dev/null --max-time 0.8 \(check.url)\"",
                "    interval \(check.interval)",
                "    timeout 1",
                "    fall \(check.fall)",
                "    rise \(check.rise)",
                "}",
            ]
        }
        if let lease = settings.leaseScript {
            lines += [
                "vrrp_script \(lease.name) {",
                "    script \"/usr/bin/test \(lease.path) -nt /proc/self/\"",
                "    interval 1",
                "    timeout 1",
                "    fall 1",
                "    rise 1",
                "}",
            ]
        }
        if let track = settings.trackFile {
            lines += ["track_file \(track.name) {", "    file \"\(track.path)\"", "    weight \(track.weight)"]
            if let initial = track.initialValue {
                lines.append("    init_file \(initial) overwrite")
            }
            lines.append("}")
        }
        lines += [
            "vrrp_instance \(settings.instance) {",
            "    state \(settings.initialState.rawValue)",
            "    interface \(interface)",
            "    virtual_router_id \(settings.virtualRouterID)",
            "    priority \(settings.priority)",
            "    advert_int \(settings.advertInterval)",
            "    virtual_ipaddress {",
            "        \(settings.vip)/24 dev \(interface)",
            "    }",
        ]
        let scripts = (settings.check != nil ? ["chk_http"] : []) + (settings.leaseScript.map { [$0.name] } ?? [])
        if !scripts.isEmpty {
            lines += ["    track_script {"] + scripts.map { "        \($0)" } + ["    }"]
        }
        if let track = settings.trackFile {
            lines += ["    track_file {", "        \(track.name)", "    }"]
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Throws `LabError.invalidRequest` naming the first setting keepalived would reject or the lab
    /// forbids (a VIP outside 198.18.0.0/15, a name that would break the config's syntax).
    static func validate(_ settings: KeepalivedSettings, routerID: String, interface: String) throws {
        try require(isLabAddress(settings.vip), "VIP \(settings.vip) is not an IPv4 address in 198.18.0.0/15")
        try require((1...255).contains(settings.virtualRouterID), "virtual_router_id \(settings.virtualRouterID) not in 1…255")
        try require((1...254).contains(settings.priority), "priority \(settings.priority) not in 1…254")
        try require((1...255).contains(settings.advertInterval), "advert_int \(settings.advertInterval) not in 1…255")
        for (what, word) in [("instance", settings.instance), ("router_id", routerID), ("interface", interface)] {
            try require(isWord(word), "\(what) '\(word)' must be letters, digits, '_' or '-'")
        }
        if let check = settings.check {
            try require(check.interval >= 1 && check.fall >= 1 && check.rise >= 1,
                        "check interval, fall and rise must be at least 1")
            try require(isSafeText(check.url) && !check.url.contains(" "), "check URL '\(check.url)' is unusable")
        }
        if let track = settings.trackFile {
            try require(isWord(track.name), "track_file name '\(track.name)' must be a plain word")
            try require(isSafeText(track.path), "track_file path '\(track.path)' is unusable")
            try require((-253...253).contains(track.weight), "track_file weight \(track.weight) not in -253…253")
            if let initial = track.initialValue {
                try require((-254...254).contains(initial), "track_file init_file value \(initial) not in -254…254")
            }
        }
        if let fifo = settings.notifyFIFO {
            try require(isSafeText(fifo), "notify FIFO path '\(fifo)' is unusable")
        }
        if let lease = settings.leaseScript {
            try require(isWord(lease.name), "vrrp_script name '\(lease.name)' must be a plain word")
            try require(isSafeText(lease.path) && !lease.path.contains(" "), "lease file path '\(lease.path)' is unusable")
        }
    }

    /// True for a dotted-quad IPv4 address inside 198.18.0.0/15, the only range the lab may use.
    static func isLabAddress(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        let octets = parts.compactMap { part -> Int? in
            guard (1...3).contains(part.count), part.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
            return Int(part).flatMap { (0...255).contains($0) ? $0 : nil }
        }
        return octets.count == 4 && octets[0] == 198 && (octets[1] == 18 || octets[1] == 19)
    }

    private static func isWord(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64
            && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
    }

    private static func isSafeText(_ text: String) -> Bool {
        !text.isEmpty && !text.contains { $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "#" || $0 == "!" }
    }

    private static func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw LabError.invalidRequest(message()) }
    }
}
#endif
