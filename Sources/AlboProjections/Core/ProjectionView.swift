public import AlboLog

/// Every projection as of one tree size, inside one read transaction.
public struct ProjectionView {
    public let txn: ProjectionTransaction
    /// The tree size shown: the whole log unless `--as-of` asked for less, and never more
    /// than the projections have applied.
    public let size: UInt64
    /// The tree size that was asked for (the log's size without `--as-of`); larger than
    /// `size` when the projections could not catch up (read-only store, or a writer busy).
    public let requestedSize: UInt64

    /// The log as of this view's transaction.
    public var log: LogSnapshot { txn.log }

    /// Whether the view shows less than was asked for.
    public var isBehind: Bool { size < requestedSize }

    /// The temporal table in database `name`, as of `size`.
    public func table(_ name: String) throws -> TemporalReader {
        guard let db = try txn.existingDatabase(name) else {
            throw ProjectionError(.corrupt, "projection database \(name) is missing; run `albo rebuild`")
        }
        return TemporalReader(txn: txn, db: db, size: size)
    }
}

extension ProjectionRunner {
    /// Catches up when it can without waiting, then runs `body` over a consistent read of
    /// every projection as of `asOf` (the whole log when nil).
    ///
    /// Readers never wait: when another process is writing the store, or the store is
    /// read-only, the view shows the state the projections last applied, and says so
    /// through `ProjectionView.isBehind`.
    public func read<T>(asOf: AsOf?, progress: ((UInt64, UInt64) -> Void)? = nil, _ body: (ProjectionView) throws -> T) throws -> T {
        try catchUp(waitForWriter: false, progress: progress)
        return try ledger.readProjections { txn in
            let applied = try appliedSize(txn)
            let wanted: UInt64
            do { wanted = try txn.log.treeSize(asOf: asOf) } catch let e as LogError where e.code == .badAsOf { throw ProjectionError(.usage, e.message) }
            return try body(ProjectionView(txn: txn, size: min(wanted, applied), requestedSize: wanted))
        }
    }
}
