import LMDB

/// A transaction over the projections' own databases (names starting `p.`), with a
/// read-only view of the log at the same point. Projections never see the log's
/// databases or a raw LMDB transaction, so only AlboLog's append can write the log; and
/// they reach their databases through a `ProjectionStore` scoped to the names they own.
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

    /// The databases `names` (each `p.…`), and no others: the store refuses any other name.
    public func store(_ names: [String]) throws -> ProjectionStore {
        for name in names {
            guard name.hasPrefix(Self.databasePrefix), name.utf8.count > Self.databasePrefix.utf8.count else {
                throw LogError(.misuse, "projection databases are named \(Self.databasePrefix)…; \"\(name)\" is not one")
            }
        }
        return ProjectionStore(txn: txn, names: Set(names))
    }
}

extension Ledger {
    /// Runs `body` in one read transaction over the projections and the log.
    func readProjections<T>(_ body: (ProjectionTransaction) throws -> T) throws -> T {
        try env.read { txn in try body(try ProjectionTransaction(ledger: self, txn: txn)) }
    }

    /// Runs `body` in one write transaction over the projections' databases, committed when
    /// it returns; `reserve` bytes of map space are made available first.
    func writeProjections<T>(reserve: Int = 0, _ body: (ProjectionTransaction) throws -> T) throws -> T {
        guard !env.isReadOnly else { throw LogError(.readOnly, "the store at \(env.path) is open read-only") }
        return try writerLock.exclusively {
            if reserve > 0 { try env.reserve(reserve) }
            return try env.write { txn in try body(try ProjectionTransaction(ledger: self, txn: txn)) }
        }
    }

    /// Like `writeProjections`, but returns nil at once, writing nothing, when another
    /// process is writing the store (an append, a rebuild): a query uses it so as never
    /// to wait for a writer.
    func writeProjectionsIfIdle<T>(reserve: Int = 0, _ body: (ProjectionTransaction) throws -> T) throws -> T? {
        guard !env.isReadOnly else { return nil }
        return try writerLock.ifFree {
            if reserve > 0 { try env.reserve(reserve) }
            return try env.write { txn in try body(try ProjectionTransaction(ledger: self, txn: txn)) }
        }
    }
}
