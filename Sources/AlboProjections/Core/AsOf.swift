import AlboLog
import LMDB

/// The point in history a query shows (CONTRACT §5 `--as-of`).
public enum AsOf: Sendable, Hashable {
    /// The state after the first N events: tree size N.
    case size(UInt64)
    /// The events recorded at or before this stored-form timestamp.
    case timestamp(String)

    /// Parses `N` or a UTC timestamp (`YYYY-MM-DDTHH:MM:SS.sssZ`, or without the milliseconds).
    public init(parsing text: String) throws {
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let n = UInt64(text) else { throw ProjectionError(.usage, "--as-of \(text) is too large") }
            self = .size(n)
            return
        }
        var t = text
        if t.utf8.count == 20, t.hasSuffix("Z") { t = String(t.dropLast()) + ".000Z" }
        guard Timestamp.isValid(t) else {
            throw ProjectionError(.usage, "--as-of \(text) is neither a tree size (e.g. 1500) nor a UTC timestamp such as 2023-10-31T23:59:59.999Z")
        }
        self = .timestamp(t)
    }

    /// The tree size this point names in `txn`; a size past the log's end is a usage error.
    func resolve(_ ledger: Ledger, _ txn: Transaction) throws -> UInt64 {
        switch self {
        case .size(let n):
            let size = try ledger.size(txn)
            guard n <= size else {
                throw ProjectionError(.usage, "--as-of \(n) is past the end of the log, which holds \(size) event\(size == 1 ? "" : "s")")
            }
            return n
        case .timestamp(let t):
            return try ledger.size(txn, recordedAtOrBefore: t)
        }
    }
}
