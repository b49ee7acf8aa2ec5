public import LMDB

/// A projection's access to its own databases inside one catch-up transaction.
public final class ProjectionWriter {
    /// The write transaction.
    public let txn: Transaction
    private var tables: [String: TemporalTable] = [:]
    private var plain: [String: Database] = [:]

    init(txn: Transaction) { self.txn = txn }

    /// The temporal table stored in database `name`.
    public func table(_ name: String) throws -> TemporalTable {
        if let t = tables[name] { return t }
        let t = TemporalTable(txn: txn, db: try txn.open(name))
        tables[name] = t
        return t
    }

    /// A plain key-value database (current state only, e.g. a lookup the folding needs).
    public func database(_ name: String) throws -> Database {
        if let d = plain[name] { return d }
        let d = try txn.open(name)
        plain[name] = d
        return d
    }
}
