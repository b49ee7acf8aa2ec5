internal import CLMDB
import Glibc

/// An LMDB transaction; used only inside `Environment.read` / `Environment.write`.
public final class Transaction {
    let handle: OpaquePointer
    let env: Environment
    /// Whether this transaction may write.
    public let isReadOnly: Bool
    /// Where the data file is mapped, looked up once: the map cannot move while the
    /// transaction lives.
    private(set) lazy var mapping = env.mapping

    init(env: Environment, readOnly: Bool) throws(LMDBError) {
        let flags = readOnly ? UInt32(MDB_RDONLY) : 0
        var txn: OpaquePointer?
        var adopted = false
        while true {
            // Shared for the transaction's whole life: the map cannot be resized under it.
            pthread_rwlock_rdlock(env.mapLock)
            let rc = mdb_txn_begin(env.handle, nil, flags, &txn)
            if rc == 0, let txn {
                self.handle = txn
                self.env = env
                self.isReadOnly = readOnly
                return
            }
            pthread_rwlock_unlock(env.mapLock)
            guard rc == MDB_MAP_RESIZED, !adopted else {
                try check(rc, readOnly ? "begin read transaction" : "begin write transaction")
                throw LMDBError(MDB_PANIC, "mdb_txn_begin")
            }
            // Another process grew the map: adopt its size once this process's other
            // transactions have ended (exclusive lock), then begin again.
            try env.resizeMap(0)
            adopted = true
        }
    }

    /// Commits; returns LMDB's result code. The transaction has ended either way.
    func commit() -> Int32 {
        defer { pthread_rwlock_unlock(env.mapLock) }
        return mdb_txn_commit(handle)
    }

    func abort() {
        mdb_txn_abort(handle)
        pthread_rwlock_unlock(env.mapLock)
    }

    /// Opens (creating it in a write transaction if needed) the named database.
    public func open(_ name: String, create: Bool = true) throws(LMDBError) -> Database {
        var dbi: MDB_dbi = 0
        let flags = (create && !isReadOnly) ? UInt32(MDB_CREATE) : 0
        try check(mdb_dbi_open(handle, name, flags, &dbi), "open database \(name)")
        return Database(dbi: dbi, name: name)
    }

    /// The named database, or nil when no transaction has created it yet (readers of
    /// optional databases, such as projections not yet built, need no write transaction).
    public func openIfExists(_ name: String) throws(LMDBError) -> Database? {
        var dbi: MDB_dbi = 0
        let rc = mdb_dbi_open(handle, name, 0, &dbi)
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "open database \(name)")
        return Database(dbi: dbi, name: name)
    }

    /// The value stored under `key`, valid until the transaction ends; nil if absent.
    public func get(_ db: Database, _ key: UnsafeRawBufferPointer) throws(LMDBError) -> UnsafeRawBufferPointer? {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val()
        let rc = mdb_get(handle, db.dbi, &k, &v)
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "get from \(db.name)")
        return UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size)
    }

    /// The value stored under `key`, copied out; nil if absent.
    public func get(_ db: Database, _ key: [UInt8]) throws -> [UInt8]? {
        try key.withUnsafeBytes { k in try get(db, k).map { Array($0) } }
    }

    /// Stores `value` under `key`.
    public func put(_ db: Database, _ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, _ flags: PutFlags = []) throws(LMDBError) {
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        try check(mdb_put(handle, db.dbi, &k, &v, flags.rawValue), "put into \(db.name)")
    }

    /// Stores `value` under `key` (any contiguous byte containers).
    public func put(_ db: Database, _ key: [UInt8], _ value: [UInt8], _ flags: PutFlags = []) throws {
        try key.withUnsafeBytes { k in try value.withUnsafeBytes { v in try put(db, k, v, flags) } }
    }

    /// Deletes `key`; returns false when it was not there.
    @discardableResult
    public func delete(_ db: Database, _ key: [UInt8]) throws -> Bool {
        try key.withUnsafeBytes { (kb: UnsafeRawBufferPointer) throws(LMDBError) -> Bool in
            var k = MDB_val(mv_size: kb.count, mv_data: UnsafeMutableRawPointer(mutating: kb.baseAddress))
            let rc = mdb_del(handle, db.dbi, &k, nil)
            if rc == MDB_NOTFOUND { return false }
            try check(rc, "delete from \(db.name)")
            return true
        }
    }

    /// Removes every entry of `db`, keeping the database.
    public func clear(_ db: Database) throws(LMDBError) {
        try check(mdb_drop(handle, db.dbi, 0), "clear \(db.name)")
    }

    /// Deletes `db` itself, entries and name (a migration's undo, in tests).
    public func drop(_ db: Database) throws(LMDBError) {
        try check(mdb_drop(handle, db.dbi, 1), "drop \(db.name)")
    }

    /// The number of entries in `db`.
    public func count(_ db: Database) throws(LMDBError) -> Int {
        var st = MDB_stat()
        try check(mdb_stat(handle, db.dbi, &st), "stat \(db.name)")
        return st.ms_entries
    }

    /// Opens a cursor over `db`, closed when `body` returns. With `prefetching`, in a
    /// read-only transaction, each forward walk (from `first()` or a `seek`, then `next()`)
    /// asks for the leaf pages ahead of it in advance (`TreePrefetch`), with the map advised
    /// random access meanwhile: for walks over a database whose pages lie scattered.
    public func withCursor<T>(_ db: Database, prefetching: Bool = false, _ body: (Cursor) throws -> T) throws -> T {
        let prefetch = prefetching && isReadOnly
        let cursor = try Cursor(txn: handle, db: db, prefetchIn: prefetch ? self : nil)
        defer { cursor.close() }
        return try withoutReadahead(prefetch) { try body(cursor) }
    }
}

/// Flags for `Transaction.put`.
public struct PutFlags: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// The key sorts after every key already stored: LMDB appends without searching.
    public static let append = PutFlags(rawValue: UInt32(MDB_APPEND))
    /// Fail with `keyExists` instead of replacing a value.
    public static let noOverwrite = PutFlags(rawValue: UInt32(MDB_NOOVERWRITE))
}

/// A named database inside an environment.
public struct Database: Sendable {
    let dbi: MDB_dbi
    /// The name it was opened with.
    public let name: String
}
