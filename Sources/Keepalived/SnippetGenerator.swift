/// Generates the keepalived.conf blocks for one VIP group (`nodeagent keepalived snippet GROUP`).
///
/// Facts measured with keepalived 2.2.7 that shape the output: a `track_file` must be defined at top level
/// and listed in the `vrrp_instance`; a block written on one line (`track_file x { file ... weight 1 }`)
/// passes `--config-test` but is silently ignored at run time, so every block is written one keyword per
/// line; `init_file VALUE overwrite` makes keepalived start from a known value instead of a stale file.
public struct SnippetGenerator: Hashable, Sendable {
    /// The nodeagent VIP group name (for comments).
    public var group: String
    /// The keepalived `vrrp_instance` name of the group.
    public var instance: String
    /// The `track_file` definition name; by default `nodeagent_GROUP`.
    public var trackFileName: String
    /// Where nodeagent writes the group's track value.
    public var trackFilePath: String
    /// The FIFO keepalived writes transitions to (`vrrp_notify_fifo`).
    public var notifyFIFOPath: String
    /// The value keepalived writes at start-up (`init_file`): 0, a standby, until the agent says more.
    public var initialValue: Int
    /// The lease deadline file the agent stamps (`LeaseDeadlineFile`); by default `GROUP.lease` beside
    /// the track file.
    public var leaseFilePath: String
    /// The `vrrp_script` name; by default `nodeagent_GROUP_lease`.
    public var leaseScriptName: String

    public init(group: String, instance: String, trackFilePath: String, notifyFIFOPath: String,
                trackFileName: String? = nil, initialValue: Int = 0, leaseFilePath: String? = nil) {
        self.group = group
        self.instance = instance
        self.trackFileName = trackFileName ?? "nodeagent_\(group)"
        self.trackFilePath = trackFilePath
        self.notifyFIFOPath = notifyFIFOPath
        self.initialValue = initialValue
        let directory = trackFilePath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        self.leaseFilePath = leaseFilePath ?? LeaseDeadlineFile.path(directory: directory, group: group)
        leaseScriptName = "nodeagent_\(group)_lease"
    }

    /// The snippet, after checking that every value survives keepalived's tokenizer unchanged.
    public func generate() throws(SnippetError) -> KeepalivedSnippet {
        try validate()
        let globalDefs = """
            global_defs {
                vrrp_notify_fifo \(notifyFIFOPath)
                enable_script_security
                script_user root
            }
            """
        let definition = """
            track_file \(trackFileName) {
                file "\(trackFilePath)"
                weight 1
                init_file \(initialValue) overwrite
            }
            """
        let reference = """
                track_file {
                    \(trackFileName)
                }
            """
        // `/proc/self/` is stamped when the test process starts: the check passes while the agent's
        // deadline is still ahead, and faults the instance at most one interval after it passed.
        let script = """
            vrrp_script \(leaseScriptName) {
                script "/usr/bin/test \(leaseFilePath) -nt /proc/self/"
                interval 1
                timeout 1
                fall 1
                rise 1
            }
            """
        let scriptReference = """
                track_script {
                    \(leaseScriptName)
                }
            """
        let text = """
            # nodeagent: keepalived configuration for VIP group \(group) (vrrp_instance \(instance)).
            # Keep every block on several lines: keepalived 2.2.7 silently ignores one-line blocks.

            # 1. In global_defs (once per node, shared by all groups):
            \(globalDefs)

            # 2. At top level. The vrrp_script is the second line: if the agent stops vouching for this
            #    node (frozen, hung), the instance faults once its lease has run out, instead of keeping
            #    the VIP on a track value nobody renews.
            \(definition)

            \(script)

            # 3. Inside vrrp_instance \(instance) { ... }:
            \(reference)
            \(scriptReference)

            """
        return KeepalivedSnippet(globalDefs: globalDefs, trackFileDefinition: definition,
                                 instanceReference: reference, leaseScriptDefinition: script,
                                 leaseScriptReference: scriptReference, text: text)
    }

    private func validate() throws(SnippetError) {
        for (field, value) in [("group", group), ("instance", instance), ("track file name", trackFileName)]
        where !Self.isName(value) {
            throw .badName(field: field, value: value)
        }
        guard Self.isName(leaseScriptName) else { throw .badName(field: "lease script name", value: leaseScriptName) }
        for (field, value) in [("track file path", trackFilePath), ("notify FIFO path", notifyFIFOPath),
                               ("lease file path", leaseFilePath)]
        where !Self.isPath(value) {
            throw .badPath(field: field, value: value)
        }
        guard (-254...254).contains(initialValue) else { throw .initialValueOutOfRange(initialValue) }
    }

    static func isName(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
    }

    /// Absolute, at most 4095 bytes, and free of what keepalived treats as separators, quotes or comments.
    static func isPath(_ text: String) -> Bool {
        let forbidden: Set<UInt8> = Set("\"'#!{} \\".utf8)
        return text.first == "/" && text.utf8.count < 4096
            && text.utf8.allSatisfy { $0 > 0x20 && $0 != 0x7F && !forbidden.contains($0) }
    }
}
