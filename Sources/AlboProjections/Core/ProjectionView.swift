public import AlboLog
public import AlboSealing

/// Every projection as of one tree size, inside one read transaction.
public struct ProjectionView {
    public let txn: ProjectionTransaction
    /// The tree size shown: the whole log unless `--as-of` asked for less, and never more
    /// than the projections have applied.
    public let size: UInt64
    /// The tree size that was asked for (the log's size without `--as-of`); larger than
    /// `size` when the projections could not catch up (read-only store, or a writer busy).
    public let requestedSize: UInt64
    /// The store's sealing keys, read on first use.
    let keys: SealingKeys?

    /// The store's sealing keys, nil when the store is not sealed. Reading all of them costs
    /// time in proportion to the number of subjects: a query about one case uses
    /// `keyring(for:)`. Throws when they are missing, damaged or unreadable: a sealed value
    /// is never shown as data, nor a missing key as an erasure.
    public var keyring: Keyring? { get throws { try keys?.all() } }

    /// The keys of just `subjects` (same rules as `keyring`).
    public func keyring(for subjects: Set<String>) throws -> Keyring? { try keys?.only(subjects) }

    /// `keyring(for:)` read on another thread while `work` runs on this one (a report reads
    /// the log meanwhile); nil, without reading, when `subjects` is empty.
    public func keyring<T>(for subjects: Set<String>, while work: () throws -> T) throws -> (Keyring?, T) {
        guard let keys, !subjects.isEmpty else { return (nil, try work()) }
        if let loaded = keys.loaded { return (loaded, try work()) }
        let reader = keys.reader
        let future = Parallel.Future { try reader.keyring(for: subjects) }
        let result = try work()
        return (try future.value(), result)
    }

    /// The log as of this view's transaction.
    public var log: LogSnapshot { txn.log }

    /// What a stored value of personal field `field` reads as: opened, or `erased`.
    public func reveal(_ value: String, field: String) throws -> String {
        guard let keyring = try keyring else { return value }
        let opened: String = keyring.reveal(value, field: field)
        return opened
    }

    /// Whether the view shows less than was asked for.
    public var isBehind: Bool { size < requestedSize }

    /// The temporal table in database `name`, as of `size`.
    public func table(_ name: String) throws -> TemporalReader {
        guard let rows = try txn.store([name]).existingTable(name) else {
            throw ProjectionError(.corrupt, "projection database \(name) is missing; run `albo rebuild`")
        }
        return TemporalReader(rows: rows, size: size)
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
        let keys = reader.isSealed ? SealingKeys(reader) : nil
        return try reader.readProjections { txn in
            let applied = try appliedSize(txn)
            let wanted: UInt64
            do { wanted = try txn.log.treeSize(asOf: asOf) } catch let e as LogError where e.code == .badAsOf { throw ProjectionError(.usage, e.message) }
            return try body(ProjectionView(txn: txn, size: min(wanted, applied), requestedSize: wanted, keys: keys))
        }
    }
}

/// A store's sealing keys, read once when a view first needs every key.
final class SealingKeys {
    let reader: LogReader
    /// Every key, once read.
    private(set) var loaded: Keyring?

    init(_ reader: LogReader) { self.reader = reader }

    func all() throws -> Keyring {
        if let loaded { return loaded }
        let ring = try reader.keyring()
        loaded = ring
        return ring
    }

    func only(_ subjects: Set<String>) throws -> Keyring {
        if let loaded { return loaded }
        return try reader.keyring(for: subjects)
    }
}
