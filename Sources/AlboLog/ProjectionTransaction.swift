public import LMDB

/// A transaction over the projections' own databases (names starting `p.`), with a
/// read-only view of the log at the same point. Projections never see the log's
/// databases or a raw LMDB transaction, so only AlboLog's append can write the log.
public struct ProjectionTransaction {
    let txn: Transaction
    /// The log as of this transaction.
    public let log: LogSnapshot
    /// Whether this transaction may write (false for queries).
    public var isReadOnly: Bool { txn.isReadOnly }

    /// The prefix of every projection database's name.
    public static let databasePrefix = "p."

    init(ledger: Ledger, txn: Transaction) throws {
        self.txn = txn
        self.log = try LogSnapshot(ledger: ledger, txn: txn)
    }

    private func checked(_ name: String) throws(LogError) -> String {
        guard name.hasPrefix(Self.databasePrefix), name.utf8.count > 2 else { throw LogError(.misuse, "projection databases are named \(Self.databasePrefix)…; \"\(name)\" is not one") }
        return name
    }

    /// The projection database `name`, created when missing in a write transaction.
    public func database(_ name: String) throws -> Database { try txn.open(try checked(name)) }

    /// The projection database `name`, or nil when it was never created.
    public func existingDatabase(_ name: String) throws -> Database? { try txn.openIfExists(try checked(name)) }

    /// The value under `key`, valid while the transaction lives; nil if absent.
    public func get(_ db: Database, _ key: [UInt8]) throws -> UnsafeRawBufferPointer? {
        try key.withUnsafeBytes { k in try txn.get(db, k) }
    }

    /// Stores `value` under `key`.
    public func put(_ db: Database, _ key: [UInt8], _ value: [UInt8]) throws { try txn.put(db, key, value) }

    /// Deletes `key`; returns false when it was not there.
    @discardableResult
    public func delete(_ db: Database, _ key: [UInt8]) throws -> Bool { try txn.delete(db, key) }

    /// Removes every entry of `db`.
    public func clear(_ db: Database) throws { try txn.clear(db) }

    /// The number of entries in `db`.
    public func count(_ db: Database) throws -> Int { try txn.count(db) }

    /// Opens a cursor over `db`, closed when `body` returns.
    public func withCursor<T>(_ db: Database, _ body: (Cursor) throws -> T) throws -> T { try txn.withCursor(db, body) }
}

extension Ledger {
    /// Runs `body` in one read transaction over the projections and the log.
    public func readProjections<T>(_ body: (ProjectionTransaction) throws -> T) throws -> T {
        try env.read { txn in try body(try ProjectionTransaction(ledger: self, txn: txn)) }
    }

    /// Runs `body` in one write transaction over the projections' databases, committed when
    /// it returns; `reserve` bytes of map space are made available first.
    public func writeProjections<T>(reserve: Int = 0, _ body: (ProjectionTransaction) throws -> T) throws -> T {
        guard !env.isReadOnly else { throw LogError(.readOnly, "the store at \(env.path) is open read-only") }
        return try writerLock.exclusively {
            if reserve > 0 { try env.reserve(reserve) }
            return try env.write { txn in try body(try ProjectionTransaction(ledger: self, txn: txn)) }
        }
    }

    /// Like `writeProjections`, but returns nil at once, writing nothing, when another
    /// process is writing the store (an append, a rebuild): a query uses it so as never
    /// to wait for a writer.
    public func writeProjectionsIfIdle<T>(reserve: Int = 0, _ body: (ProjectionTransaction) throws -> T) throws -> T? {
        guard !env.isReadOnly else { return nil }
        return try writerLock.ifFree {
            if reserve > 0 { try env.reserve(reserve) }
            return try env.write { txn in try body(try ProjectionTransaction(ledger: self, txn: txn)) }
        }
    }
}
