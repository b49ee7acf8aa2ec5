import LMDB
import Transparency
import Foundation
import AlboDomain
public import AlboSealing

/// An Albo store: the append-only event log in one LMDB environment, with its
/// indexes and Merkle tree. Open one per process and share it.
public final class Ledger: @unchecked Sendable {
    /// The LMDB environment: internal, so that only this module writes the log.
    let env: Environment
    let db: LogDatabases
    /// Serialises writers between processes, and lets readers see whether one is busy.
    let writerLock: WriterLock
    /// The first line of every checkpoint.
    public let origin: String
    /// The directory of the store.
    public let path: String
    /// Opened read-only: nothing can be appended and projections cannot catch up.
    public var isReadOnly: Bool { env.isReadOnly }
    /// Opened without LMDB's lock file (a read-only medium): safe only while nobody writes.
    public var isLockless: Bool { env.isLockless }

    /// Whether personal fields are sealed at append: fixed when the store is created
    /// (meta `sealing` = `v1`); a store created before sealing existed stays unsealed.
    public let isSealed: Bool
    /// Where new subjects get their reference and key (random, except in tests).
    public let keySource: SubjectKeySource

    /// The store's on-disk format (meta `format`), checked on every open: a store of a later
    /// format than this is refused rather than misread. Bumped only with a migration.
    static let formatVersion = 1
    /// The origin a store gets when `albo append` creates it.
    public static let defaultOrigin = "albo.local/ledger"

    /// How a store is opened.
    public enum Access: Sendable {
        /// Appends and projection catch-up allowed.
        case readWrite
        /// Read transactions only; works on a store the user cannot write.
        case readOnly
        /// Read-write when the user may write the store's files, read-only otherwise.
        case automatic
    }

    /// Opens the store at `path`; when `create` is set a missing store is created with `origin`.
    ///
    /// `exclusive` makes this the store's only writer until the Ledger is released: it waits
    /// for other writers first. Only such a writer may set `writeMap`, which opens the map
    /// with `MDB_WRITEMAP` so that a big batch's dirty pages live in the file mapping rather
    /// than in anonymous memory: with it LMDB sizes the data file to its map when it opens or
    /// resizes, which must never happen while another process is writing beyond that size.
    /// (It costs small batches: every commit syncs the whole map range.)
    ///
    /// `readAhead` keeps the kernel's readahead on the data file, for a command that reads the
    /// log from end to end (verify, backup, publish). Without it the map is advised random
    /// access (`MDB_NORDAHEAD`), as LMDB recommends once a store outgrows RAM: a page fault
    /// then reads its page alone instead of several MiB around it, and the log's own forward
    /// scans prefetch their pages (`ScanPrefetch`).
    ///
    /// `sealed` applies only when the store is created here: its personal fields are then
    /// sealed with per-subject keys from `keySource`.
    public init(path: String, create: Bool = false, origin: String? = nil, mode: Access = .readWrite,
                exclusive: Bool = false, writeMap: Bool = false, sealed: Bool = false,
                keySource: SubjectKeySource = .random, readAhead: Bool = false) throws {
        self.keySource = keySource
        let data = path + "/data.mdb"
        var st = stat()
        let exists: Bool
        if stat(data, &st) == 0 {
            exists = true
            guard access(data, R_OK) == 0 else {
                throw LogError(.permissionDenied, "cannot read the store at \(path): permission denied (ask its owner for read access, or work on a copy)")
            }
        } else if errno == EACCES {
            throw LogError(.permissionDenied, "cannot read the store at \(path): permission denied (ask its owner for read access, or work on a copy)")
        } else {
            exists = false
        }
        if !exists && !create {
            throw LogError(.storeNotFound, "no store at \(path): run `albo init --store \(path)` or append to create it")
        }
        if let origin, !Ledger.isValidOrigin(origin) {
            throw LogError(.badOrigin, "origin \"\(origin)\" is not valid: use a schema-less URL-like name such as trecate.example/sportello-lavoro (no spaces, no '+')")
        }
        // A store to be created is writable as far as this check goes: creating it says otherwise.
        let writable = !exists || (access(path, W_OK) == 0 && access(data, W_OK) == 0)
        let readOnly: Bool
        switch mode {
        case .readWrite:
            guard writable else {
                throw LogError(.readOnly, "the store at \(path) is read-only for this user: nothing can be written to it")
            }
            readOnly = false
        case .readOnly: readOnly = true
        case .automatic: readOnly = exists && !writable
        }
        if exclusive && !readOnly && !FileManager.default.fileExists(atPath: path) {
            if mkdir(path, 0o700) != 0 {
                throw LogError(.storeNotFound, "cannot create the store directory \(path): \(String(cString: strerror(errno)))")
            }
        }
        // A data file cut short under its pages would fault (SIGBUS) on first read: say so first.
        if exists, let lengths = DataFileCheck.lengths(of: data), lengths.length < lengths.inUse {
            throw LogError(.corrupt, "\(data) is cut short: \(lengths.length) bytes where its pages need \(lengths.inUse); restore the store from a backup")
        }
        let lock = try WriterLock(directory: path, holding: exclusive && !readOnly)
        var options = Environment.Options()
        options.maxDatabases = 64
        options.writeMap = writeMap && lock.session != nil
        // The map starts small and doubles on demand; ALBO_MAP_SIZE (bytes, at least 1 MiB)
        // sets where it starts, e.g. to exercise growth while readers are open.
        if let text = ProcessInfo.processInfo.environment["ALBO_MAP_SIZE"], let bytes = Int(text), bytes >= 1 << 20 {
            options.initialMapSize = bytes
        }
        options.readOnly = readOnly
        options.readAhead = readAhead
        let env = try Environment(path: path, options: options)
        self.env = env
        self.path = path
        self.writerLock = lock
        // An existing store is opened with a read transaction only: never behind a writer.
        if let found = try env.openDatabases(LogDatabases.names, create: false) {
            let dbs = LogDatabases(found)
            let stored = try env.read { txn in
                (try txn.get(dbs.meta, Array("origin".utf8)).map { String(decoding: $0, as: UTF8.self) },
                 try txn.get(dbs.meta, Array("sealing".utf8)) != nil,
                 try txn.get(dbs.meta, Array("format".utf8)).map { String(decoding: $0, as: UTF8.self) })
            }
            if let origin = stored.0 {
                try Ledger.checkFormat(stored.2, path: path)
                self.db = dbs
                self.origin = origin
                self.isSealed = stored.1
                return
            }
        }
        guard !readOnly else {
            throw LogError(.notAStore, "\(path) holds an LMDB environment that is not an Albo store")
        }
        let (dbs, storedOrigin, storedSealing) = try writerLock.exclusively {
            try env.write { txn -> (LogDatabases, String, Bool) in
                let dbs = LogDatabases(try LogDatabases.names.map { try txn.open($0) })
                if let o = try txn.get(dbs.meta, Array("origin".utf8)) {
                    return (dbs, String(decoding: o, as: UTF8.self), try txn.get(dbs.meta, Array("sealing".utf8)) != nil)
                }
                let o = origin ?? Ledger.defaultOrigin
                try txn.put(dbs.meta, Array("origin".utf8), Array(o.utf8))
                try txn.put(dbs.meta, Array("format".utf8), Array(String(Ledger.formatVersion).utf8))
                if sealed { try txn.put(dbs.meta, Array("sealing".utf8), Array("v1".utf8)) }
                return (dbs, o, sealed)
            }
        }
        for file in ["data.mdb", "lock.mdb"] { chmod(path + "/" + file, 0o600) }
        self.db = dbs
        self.origin = storedOrigin
        self.isSealed = storedSealing
    }

    /// Writes a consistent, compacted copy of the store into the existing empty directory
    /// `destination`, while other processes go on appending.
    func copy(to destination: String) throws {
        try env.copy(to: destination)
    }

    /// Refuses a store whose meta `format` is not one this albo reads: a later format (written
    /// by a newer albo) or text that is no format number. A store without it predates the key
    /// and is format 1.
    static func checkFormat(_ stored: String?, path: String) throws {
        guard let stored else { return }
        guard let format = Int(stored), format >= 1 else {
            throw LogError(.corrupt, "the store at \(path) names its format \"\(stored)\", which is no format albo wrote: the store is damaged; restore it from a backup")
        }
        if format > formatVersion {
            throw LogError(.newerFormat, "the store at \(path) is in format \(format), written by a newer albo; this albo reads formats up to \(formatVersion): use a newer albo (nothing was changed)")
        }
    }

    /// C2SP says an origin is a schema-less URL: non-empty printable ASCII, no spaces or '+'.
    public static func isValidOrigin(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 255 && s.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "+") }
    }

    // MARK: - Reading

    /// The number of events in the log, which is the Merkle tree size.
    func size(_ txn: Transaction) throws -> UInt64 {
        try txn.withCursor(db.events) { c in
            guard let last = try c.last() else { return 0 }
            return (BigEndian.uint64(last.key) ?? 0) + 1
        }
    }

    /// The number of events in the log, in its own read transaction.
    func size() throws -> UInt64 { try env.read { try size($0) } }

    /// The stored bytes of event `seq`, valid until `txn` ends.
    func recordBytes(_ txn: Transaction, seq: UInt64) throws -> UnsafeRawBufferPointer? {
        try BigEndian.withBytes(seq) { try txn.get(db.events, $0) }
    }

    /// The seq of the event with this UUID (any case), nil if unknown.
    func seq(_ txn: Transaction, id: String) throws -> UInt64? {
        guard let n = Identifier.normalizedUUID(id) else { return nil }
        return try txn.get(db.ids, Identifier.uuidBytes(n)).flatMap { BigEndian.uint64($0) }
    }

    /// The seqs of the stream's events, in version order.
    func streamSeqs(_ txn: Transaction, stream: String) throws -> [UInt64] {
        let start = Keys.stream(stream, version: 0)
        let prefixCount = stream.utf8.count + 1
        return try txn.withCursor(db.streams) { c in
            var out: [UInt64] = []
            var entry = try c.seek(start)
            while let e = entry, e.key.count == prefixCount + 8,
                  e.key.prefix(prefixCount).elementsEqual(start.prefix(prefixCount)) {
                if let s = BigEndian.uint64(e.value) { out.append(s) }
                entry = try c.next()
            }
            return out
        }
    }

    /// The seq of the event that voided `seq`, nil if it is live.
    func voidingSeq(_ txn: Transaction, of seq: UInt64) throws -> UInt64? {
        try BigEndian.withBytes(seq) { try txn.get(db.voids, $0) }.flatMap { BigEndian.uint64($0) }
    }

    /// The `recordedAt` of the last append, if any.
    func lastRecordedAt(_ txn: Transaction) throws -> String? {
        try txn.get(db.meta, Array("lastRecordedAt".utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A hash reader over the stored tree, for proofs inside `txn`.
    func hashReader(_ txn: Transaction) -> some HashReader {
        StoredHashes(txn: txn, tree: db.tree)
    }

    /// The root hash of the first `size` leaves.
    func rootHash(_ txn: Transaction, size: UInt64) throws -> TreeHash {
        try MerkleTree.treeHash(size: Int64(size), reader: hashReader(txn))
    }
}

/// Reads stored tree hashes inside one transaction.
struct StoredHashes: HashReader {
    let txn: Transaction
    let tree: Database

    func readHashes(_ indexes: [Int64]) throws -> [TreeHash] {
        try indexes.map { i in
            guard let raw = try BigEndian.withBytes(UInt64(i), { try txn.get(tree, $0) }),
                  let h = TreeHash(bytes: raw) else {
                throw LogError(.corrupt, "tree hash \(i) is missing or not 32 bytes")
            }
            return h
        }
    }
}

/// What a storage-layer error means to a user, without exposing LMDB's types.
public struct StorageFailure: Sendable, CustomStringConvertible {
    /// The files are damaged (as opposed to full, busy or misused).
    public var isDamage: Bool
    /// The disk or the user's quota is full (ENOSPC, EDQUOT).
    public var isDiskFull: Bool
    public var description: String

    /// The storage meaning of `error`, or nil when it is not a storage error.
    public init?(_ error: any Error) {
        guard let e = error as? LMDBError else { return nil }
        isDamage = e.isDamage
        isDiskFull = e.code.rawValue == ENOSPC || e.code.rawValue == EDQUOT
        description = e.description
    }
}
