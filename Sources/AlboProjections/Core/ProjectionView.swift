public import AlboLog
public import LMDB

/// Every projection as of one tree size, inside one read transaction.
public struct ProjectionView {
    public let ledger: Ledger
    public let txn: Transaction
    /// The tree size shown: the whole log unless `--as-of` asked for less.
    public let size: UInt64

    /// The temporal table in database `name`, as of `size`.
    public func table(_ name: String) throws -> TemporalReader {
        guard let db = try txn.openIfExists(name) else {
            throw ProjectionError(.corrupt, "projection database \(name) is missing; run `albo rebuild`")
        }
        return TemporalReader(txn: txn, db: db, size: size)
    }
}

extension ProjectionRunner {
    /// Catches up, then runs `body` over a consistent read of every projection as of
    /// `asOf` (the whole log when nil). Queries are never stale: if an append lands
    /// between the catch-up and the read, it catches up again.
    public func read<T>(asOf: AsOf?, _ body: (ProjectionView) throws -> T) throws -> T {
        var attempts = 0
        while true {
            try catchUp()
            attempts += 1
            let result: T? = try ledger.env.read { txn in
                let log = try ledger.size(txn)
                let statuses = try status(txn)
                let applied = statuses.allSatisfy(\.isCurrent) ? statuses.map(\.seq).min() ?? log : 0
                let wanted: UInt64
                do { wanted = try ledger.treeSize(txn, asOf: asOf) } catch let e as AsOfError { throw ProjectionError(.usage, e.message) }
                // Behind only if an append raced the catch-up; after a few tries, show the
                // consistent state already applied rather than spin.
                guard wanted <= applied || attempts >= 3 else { return nil }
                return try body(ProjectionView(ledger: ledger, txn: txn, size: min(wanted, applied)))
            }
            if let result { return result }
        }
    }
}
