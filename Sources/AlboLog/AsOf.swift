import LMDB
import AlboDomain

/// A point in the log's history (docs/reference.md §5 `--as-of`): what queries and exports show.
public enum AsOf: Sendable, Hashable {
    /// The state after the first N events: tree size N.
    case size(UInt64)
    /// The events recorded at or before this stored-form timestamp.
    case timestamp(String)

    /// Parses `N` or a UTC timestamp (`YYYY-MM-DDTHH:MM:SS.sssZ`, or without the milliseconds).
    public init(parsing text: String) throws(LogError) {
        guard let point = AsOf(text) else {
            throw LogError(.badAsOf, "--as-of \(Excerpt.of(text)) is \(AsOf.problem(with: text))")
        }
        self = point
    }

    /// Parses `N` or a UTC timestamp; nil when `text` is neither.
    public init?(_ text: String) {
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let n = UInt64(text) else { return nil }
            self = .size(n)
            return
        }
        var t = text
        if t.utf8.count == 20, t.hasSuffix("Z") { t = String(t.dropLast()) + ".000Z" }
        guard Timestamp.isValid(t) else { return nil }
        self = .timestamp(t)
    }

    /// Why `text`, which `init?(_:)` refused, is not a point in the log ("X is …").
    public static func problem(with text: String) -> String {
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return "too large for a tree size" }
        return "neither a tree size (e.g. 1500) nor a UTC timestamp that exists, such as 2023-10-31T23:59:59.999Z (a real calendar date, hours 00–23, minutes and seconds 00–59)"
    }
}

extension Ledger {
    /// The tree size `asOf` names in `txn` (the whole log when nil); a size past the
    /// log's end is an error rather than silently the whole log.
    func treeSize(_ txn: Transaction, asOf: AsOf?) throws -> UInt64 {
        let current = try size(txn)
        switch asOf {
        case nil:
            return current
        case .size(let n):
            guard n <= current else {
                throw LogError(.badAsOf, "--as-of \(n) is past the end of the log, which holds \(current) event\(current == 1 ? "" : "s")")
            }
            return n
        case .timestamp(let t):
            return try size(txn, recordedAtOrBefore: t)
        }
    }
}
