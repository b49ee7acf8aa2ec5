internal import CLMDB
import Foundation

/// An LMDB environment: one memory-mapped `data.mdb` with its `lock.mdb`, opened once per process.
///
/// LMDB environments are safe to share between threads; transactions are not, and
/// Albo's write transactions stay on the thread that began them.
///
/// Map growth and live transactions: LMDB forbids `mdb_env_set_mapsize` while any
/// transaction of this process is open (it unmaps the old mapping). Every transaction
/// therefore holds `mapLock` shared for its whole life, and growing the map, or adopting
/// a size another process chose (`MDB_MAP_RESIZED`), takes it exclusively: a parallel
/// reader never finds its pages unmapped under it.
public final class Environment: @unchecked Sendable {
    let handle: OpaquePointer
    /// The directory holding `data.mdb` and `lock.mdb`.
    public let path: String
    /// Opened without permission to write.
    public let isReadOnly: Bool
    /// Opened without LMDB's lock file (a read-only medium or a copy the user cannot
    /// lock): safe only while no other process writes to these files.
    public let isLockless: Bool
    let mapLock: UnsafeMutablePointer<pthread_rwlock_t>
    /// Opened with `MDB_WRITEMAP`: writes go through the map into the file.
    let writesThroughMap: Bool
    /// Opened with the kernel's readahead on (without `MDB_NORDAHEAD`).
    let readsAhead: Bool

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
        /// `MDB_WRITEMAP`: a write transaction's dirty pages live in the file mapping, not
        /// in malloc'd memory, so a huge batch keeps anonymous memory flat. The data file is
        /// extended (sparsely) to the map size, and cut back to it when opened: only a
        /// process that is the environment's sole writer for its whole life may set it.
        /// Ignored for read-only opens.
        public var writeMap = false
        /// Leave the kernel's readahead on for the map. Off (`MDB_NORDAHEAD`, which advises
        /// the map `MADV_RANDOM`), a page fault reads that page alone: what LMDB recommends
        /// once the data file outgrows RAM, where readahead around every random fault (up to
        /// the device's `read_ahead_kb`, 8 MiB on some disks) evicts the pages still needed.
        /// A forward scan then asks for its pages itself (`ScanPrefetch`).
        public var readAhead = true
        public init() {}
    }

    /// Opens (and with `options.create` creates, owner-only) the environment at `path`.
    ///
    /// A read-only open whose lock file cannot be opened for writing (a read-only
    /// mount, or files owned by someone else) is retried without locking.
    public init(path: String, options: Options = Options()) throws(LMDBError) {
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            guard options.create, !options.readOnly else {
                throw LMDBError(LMDBError.Code.noSuchFile.rawValue, "open \(path)")
            }
            if mkdir(path, 0o700) != 0 { throw LMDBError(errno, "mkdir \(path)") }
        }
        var lockless = false
        let env: OpaquePointer
        do {
            env = try Self.openHandle(path, options, lockless: false)
        } catch let e where options.readOnly && (e.code == .permissionDenied || e.code == .readOnlyFileSystem) {
            env = try Self.openHandle(path, options, lockless: true)
            lockless = true
        }
        self.handle = env
        self.path = path
        self.isReadOnly = options.readOnly
        self.isLockless = lockless
        self.mapLock = .allocate(capacity: 1)
        pthread_rwlock_init(mapLock, nil)
        self.writesThroughMap = options.writeMap && !options.readOnly
        self.readsAhead = options.readAhead
        try reserveMapOnDisk()
    }

    /// Creates and opens an LMDB handle; closes it again when opening fails.
    private static func openHandle(_ path: String, _ options: Options, lockless: Bool) throws(LMDBError) -> OpaquePointer {
        var created: OpaquePointer?
        try check(mdb_env_create(&created), "mdb_env_create")
        guard let env = created else { throw LMDBError(MDB_PANIC, "mdb_env_create") }
        do throws(LMDBError) {
            try check(mdb_env_set_maxdbs(env, options.maxDatabases), "mdb_env_set_maxdbs")
            try check(mdb_env_set_maxreaders(env, options.maxReaders), "mdb_env_set_maxreaders")
            try check(mdb_env_set_mapsize(env, options.initialMapSize), "mdb_env_set_mapsize")
            // MDB_NOTLS: reader slots belong to transactions, not threads, so parallel
            // verification can run one read transaction per worker thread.
            var flags = UInt32(MDB_NOTLS)
            if options.readOnly { flags |= UInt32(MDB_RDONLY) } else if options.writeMap { flags |= UInt32(MDB_WRITEMAP) }
            if lockless { flags |= UInt32(MDB_NOLOCK) }
            if !options.readAhead { flags |= UInt32(MDB_NORDAHEAD) }
            try check(mdb_env_open(env, path, flags, 0o600), "mdb_env_open \(path)")
            if !lockless {
                // Slots left by crashed processes would otherwise pin old pages forever.
                var dead: Int32 = 0
                try check(mdb_reader_check(env, &dead), "mdb_reader_check")
            }
        } catch {
            mdb_env_close(env)
            throw error
        }
        return env
    }

    deinit {
        mdb_env_close(handle)
        pthread_rwlock_destroy(mapLock)
        mapLock.deallocate()
    }

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

    /// Sets the map size (0: adopt the size another process gave the file), waiting until
    /// no transaction of this process is open. Never call it while holding a transaction.
    func resizeMap(_ bytes: Int) throws(LMDBError) {
        pthread_rwlock_wrlock(mapLock)
        defer { pthread_rwlock_unlock(mapLock) }
        try check(mdb_env_set_mapsize(handle, bytes), "mdb_env_set_mapsize")
        try reserveMapOnDisk()
    }

    /// With `MDB_WRITEMAP`, LMDB sizes the data file to the map as a sparse file and writes
    /// pages through the map: a page the disk has no room for would fault (SIGBUS) when
    /// written. Allocating the whole map on disk first makes a full disk an error (ENOSPC)
    /// here instead.
    private func reserveMapOnDisk() throws(LMDBError) {
        guard writesThroughMap else { return }
        var fd: Int32 = -1
        try check(mdb_env_get_fd(handle, &fd), "mdb_env_get_fd")
        let rc = posix_fallocate(fd, 0, off_t(mapSize))
        if rc != 0 { throw LMDBError(rc, "reserve \(mapSize) bytes for the map of \(path) on disk") }
    }

    /// Makes sure at least `bytes` more can be written without hitting `MDB_MAP_FULL`.
    /// Call it with no transaction open on this thread.
    public func reserve(_ bytes: Int) throws(LMDBError) {
        guard !isReadOnly else { return }
        let needed = usedBytes + bytes
        var size = mapSize
        guard needed > size else { return }
        while size < needed { size *= 2 }
        try resizeMap(size)
    }

    /// Opens the named databases so that every later transaction can use them.
    ///
    /// Without `create` this needs only a read transaction (committed, which is how LMDB
    /// keeps a read transaction's database handles): it never waits for a writer, and
    /// works on a read-only store. Returns nil when a database does not exist.
    public func openDatabases(_ names: [String], create: Bool) throws -> [Database]? {
        guard create else {
            let txn = try Transaction(env: self, readOnly: true)
            var found: [Database] = []
            do {
                for name in names {
                    guard let db = try txn.openIfExists(name) else { txn.abort(); return nil }
                    found.append(db)
                }
            } catch {
                txn.abort()
                throw error
            }
            try check(txn.commit(), "open databases")
            return found
        }
        return try write { txn in try names.map { try txn.open($0) } }
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
        // A reader that died holding its slot (a killed query) would pin the pages of its
        // snapshot for as long as this process writes: a long rebuild or a run of batches
        // could then reuse no freed page and grow the file by everything it rewrites
        // (30 GB in about 8 minutes in a 20M-event rebuild). LMDB clears dead readers' slots only
        // when asked: ask before every write transaction (a scan of the reader table).
        if !isLockless {
            var dead: Int32 = 0
            _ = mdb_reader_check(handle, &dead)
        }
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
            guard rc == MDB_MAP_FULL else { throw LMDBError(rc == EIO && isVolumeFull ? ENOSPC : rc, "commit") }
            try grow()
        }
    }

    /// Whether the volume holding the environment has less than a megabyte left: LMDB reports
    /// a short write at commit as EIO, which on a volume this full is a full disk.
    var isVolumeFull: Bool {
        var st = statvfs()
        guard statvfs(path, &st) == 0 else { return false }
        return UInt64(st.f_bavail) * UInt64(st.f_frsize) < 1 << 20
    }

    /// Doubles the map (at least to twice what is used), once this process's readers are done.
    private func grow() throws(LMDBError) {
        try resizeMap(max(mapSize * 2, usedBytes * 2))
    }

    /// Writes a consistent copy of the environment to the directory `destination`
    /// (compacting free pages), while other processes go on reading and writing.
    public func copy(to destination: String) throws(LMDBError) {
        try check(mdb_env_copy2(handle, destination, UInt32(MDB_CP_COMPACT)), "mdb_env_copy2 \(destination)")
    }
}
