/// A bounded quotation of a value a person sent: error messages quote at most a short
/// prefix, so one bad 100 MB line cannot turn into 100 MB of diagnostics.
public enum Excerpt {
    /// How many characters of a bad value a message quotes.
    public static let limit = 64

    /// `text` itself when it has at most `limit` characters, else its first `limit` and "…".
    public static func of(_ text: some StringProtocol, limit: Int = Excerpt.limit) -> String {
        var end = text.startIndex
        var count = 0
        while end < text.endIndex {
            if count == limit { return String(text[..<end]) + "…" }
            end = text.index(after: end)
            count += 1
        }
        return String(text)
    }
}
