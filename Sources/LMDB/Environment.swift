internal import CLMDB
import Foundation

/// An LMDB environment: one memory-mapped `data.mdb` with its `lock.mdb`, opened once per process.
///
/// LMDB environments are safe to share between threads; transactions are not, and
/// Albo's write transactions stay on the thread that began them.
public final class Environment: @unchecked Sendable {
    let handle: OpaquePointer
    /// The directory holding `data.mdb` and `lock.mdb`.
    public let path: String
    private let lock = NSLock()

    /// Options for opening an environment.
    public struct Options: Sendable {
        /// Initial map size in bytes; the map grows on `MDB_MAP_FULL` (see `write`).
        public var initialMapSize: Int = 256 << 20
        /// How many named databases may be opened.
        public var maxDatabases: UInt32 = 32
        /// How many concurrent read transactions (processes × threads) are allowed.
        public var maxReaders: UInt32 = 126
        /// Open without permission to write.
        public var readOnly = false
        /// Create the directory (0700) when it does not exist.
        public var create = true
        public init() {}
    }

    /// Opens (and with `options.create` creates, owner-only) the environment at `path`.
    public init(path: String, options: Options = Options()) throws(LMDBError) {
        var env: OpaquePointer?
        try check(mdb_env_create(&env), "mdb_env_create")
        guard let env else { throw LMDBError(MDB_PANIC, "mdb_env_create") }
        // Every stored property is set from here on, so if this initializer throws, deinit
        // runs and closes the handle: closing it here as well would free it twice.
        self.handle = env
        self.path = path
        try check(mdb_env_set_maxdbs(env, options.maxDatabases), "mdb_env_set_maxdbs")
        try check(mdb_env_set_maxreaders(env, options.maxReaders), "mdb_env_set_maxreaders")
        try check(mdb_env_set_mapsize(env, options.initialMapSize), "mdb_env_set_mapsize")
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            guard options.create, !options.readOnly else {
                throw LMDBError(LMDBError.Code.noSuchFile.rawValue, "open \(path)")
            }
            if mkdir(path, 0o700) != 0 { throw LMDBError(errno, "mkdir \(path)") }
        }
        // MDB_NOTLS: reader slots belong to transactions, not threads, so parallel
        // verification can run one read transaction per worker thread.
        var flags = UInt32(MDB_NOTLS)
        if options.readOnly { flags |= UInt32(MDB_RDONLY) }
        try check(mdb_env_open(env, path, flags, 0o600), "mdb_env_open \(path)")
        // Slots left by crashed processes would otherwise pin old pages forever.
        var dead: Int32 = 0
        try check(mdb_reader_check(env, &dead), "mdb_reader_check")
    }

    deinit { mdb_env_close(handle) }

    /// The current size of the memory map in bytes.
    public var mapSize: Int {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        return info.me_mapsize
    }

    /// Bytes in use: (last used page + 1) × page size.
    public var usedBytes: Int {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        var st = MDB_stat()
        mdb_env_stat(handle, &st)
        return (info.me_last_pgno + 1) * Int(st.ms_psize)
    }

    /// Grows the map to at least `bytes`. Only call with no transaction open in this process.
    public func setMapSize(_ bytes: Int) throws(LMDBError) {
        try check(mdb_env_set_mapsize(handle, bytes), "mdb_env_set_mapsize")
    }

    /// Makes sure at least `bytes` more can be written without hitting `MDB_MAP_FULL`.
    public func reserve(_ bytes: Int) throws(LMDBError) {
        lock.lock(); defer { lock.unlock() }
        let needed = usedBytes + bytes
        var size = mapSize
        guard needed > size else { return }
        while size < needed { size *= 2 }
        try setMapSize(size)
    }

    /// Runs `body` in a read-only transaction, aborted when `body` returns.
    public func read<T>(_ body: (Transaction) throws -> T) throws -> T {
        let txn = try Transaction(env: self, readOnly: true)
        defer { txn.abort() }
        return try body(txn)
    }

    /// Runs `body` in one write transaction and commits it; on any thrown error nothing is written.
    ///
    /// When the map is full — during `body`, or at commit, when LMDB writes the free list —
    /// the transaction ends, the map is doubled, and `body` runs again from the start, so
    /// `body` must not have effects outside the transaction.
    public func write<T>(_ body: (Transaction) throws -> T) throws -> T {
        while true {
            let txn = try Transaction(env: self, readOnly: false)
            let result: T
            do {
                result = try body(txn)
            } catch let error as LMDBError where error.code == .mapFull {
                txn.abort()
                try grow()
                continue
            } catch {
                txn.abort()
                throw error
            }
            // mdb_txn_commit ends the transaction even when it fails: never abort it after.
            let rc = txn.commit()
            if rc == 0 { return result }
            guard rc == MDB_MAP_FULL else { throw LMDBError(rc, "commit") }
            try grow()
        }
    }

    /// Doubles the map (at least to twice what is used); no transaction of ours is open.
    private func grow() throws(LMDBError) {
        lock.lock()
        defer { lock.unlock() }
        try setMapSize(max(mapSize * 2, usedBytes * 2))
    }

    /// Writes a consistent copy of the environment to the directory `destination`
    /// (compacting free pages), while other processes go on reading and writing.
    public func copy(to destination: String) throws(LMDBError) {
        try check(mdb_env_copy2(handle, destination, UInt32(MDB_CP_COMPACT)), "mdb_env_copy2 \(destination)")
    }
}
