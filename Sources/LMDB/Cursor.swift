internal import CLMDB

/// A cursor over one database, positioned by key order.
public final class Cursor {
    private let handle: OpaquePointer
    private let db: Database
    /// The transaction, when the cursor prefetches the leaves ahead of its forward walks.
    private let prefetchIn: Transaction?
    /// The leaf page a forward walk started in (from `first()` or a seek); 0 when no walk is on.
    private var walkStart: UInt = 0
    private var prefetch: TreePrefetch?

    /// Leaves the current walk's prefetcher has listed ahead (0 before it starts): for tests.
    var prefetchedLeaves: Int { prefetch?.advised ?? 0 }

    init(txn: OpaquePointer, db: Database, prefetchIn: Transaction? = nil) throws(LMDBError) {
        var c: OpaquePointer?
        try check(mdb_cursor_open(txn, db.dbi, &c), "open cursor on \(db.name)")
        guard let c else { throw LMDBError(MDB_PANIC, "mdb_cursor_open") }
        handle = c
        self.db = db
        self.prefetchIn = prefetchIn
    }

    func close() { mdb_cursor_close(handle) }

    /// A key and value, valid until the transaction ends or the cursor writes.
    public typealias Entry = (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)

    private func move(_ op: MDB_cursor_op, _ key: UnsafeRawBufferPointer? = nil) throws(LMDBError) -> Entry? {
        var k = MDB_val(mv_size: key?.count ?? 0, mv_data: UnsafeMutableRawPointer(mutating: key?.baseAddress))
        var v = MDB_val()
        let rc = mdb_cursor_get(handle, &k, &v, op)
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "cursor on \(db.name)")
        let entry = (key: UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size),
                     value: UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
        if let prefetchIn { follow(op, entry.key, prefetchIn) }
        return entry
    }

    /// A forward walk starts at the first entry or at a seek, and any other move ends it. Its
    /// prefetcher is made only once it leaves the leaf it started in, from the key it reached:
    /// a seek that reads a few neighbouring entries (most of them) costs nothing more.
    private func follow(_ op: MDB_cursor_op, _ key: UnsafeRawBufferPointer, _ txn: Transaction) {
        let page = UInt(bitPattern: key.baseAddress) & ~ScanPrefetch.pageMask
        switch op {
        case MDB_FIRST, MDB_SET_RANGE:
            walkStart = page
            prefetch = nil
        case MDB_NEXT where prefetch != nil:
            prefetch?.reached(key)
        case MDB_NEXT where walkStart != 0 && page != walkStart:
            prefetch = TreePrefetch(txn, db, from: key)
            prefetch?.reached(key)
        case MDB_NEXT:
            break
        default:
            walkStart = 0
            prefetch = nil
        }
    }

    /// The first entry.
    public func first() throws(LMDBError) -> Entry? { try move(MDB_FIRST) }
    /// The last entry.
    public func last() throws(LMDBError) -> Entry? { try move(MDB_LAST) }
    /// The next entry.
    public func next() throws(LMDBError) -> Entry? { try move(MDB_NEXT) }
    /// The previous entry.
    public func previous() throws(LMDBError) -> Entry? { try move(MDB_PREV) }
    /// The first entry whose key is ≥ `key`.
    public func seek(_ key: UnsafeRawBufferPointer) throws(LMDBError) -> Entry? { try move(MDB_SET_RANGE, key) }
    /// The first entry whose key is ≥ `key`.
    public func seek(_ key: [UInt8]) throws -> Entry? { try key.withUnsafeBytes { try seek($0) } }
}
