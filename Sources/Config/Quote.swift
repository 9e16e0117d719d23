/// Shows untrusted values inside error messages: quoted, escaped, and cut short, so that a huge or
/// binary value cannot flood the journal or break the one-line message.
enum Quote {
    static let limit = 60

    static func value(_ text: String) -> String {
        guard text.count > limit else { return TOMLWriter.quoted(text) }
        return TOMLWriter.quoted(String(text.prefix(limit))) + "…"
    }
}
