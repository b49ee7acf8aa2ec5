internal import CLMDB

/// An error returned by LMDB: the `MDB_*` or errno code and `mdb_strerror`'s text.
public struct LMDBError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The numeric result code, as LMDB returned it.
    public struct Code: Sendable, Hashable {
        /// The raw value of the code (`MDB_*` constants are negative, errno values positive).
        public var rawValue: Int32
        public init(_ rawValue: Int32) { self.rawValue = rawValue }

        public static let keyExists = Code(MDB_KEYEXIST)
        public static let notFound = Code(MDB_NOTFOUND)
        public static let mapFull = Code(MDB_MAP_FULL)
        public static let databasesFull = Code(MDB_DBS_FULL)
        public static let readersFull = Code(MDB_READERS_FULL)
        public static let transactionFull = Code(MDB_TXN_FULL)
        public static let mapResized = Code(MDB_MAP_RESIZED)
        /// errno ENOENT: the environment's directory or files do not exist.
        public static let noSuchFile = Code(2)
        /// errno EACCES.
        public static let permissionDenied = Code(13)
        /// errno EROFS: a read-only file system.
        public static let readOnlyFileSystem = Code(30)
        /// A page LMDB needed is not in the file: the store is damaged or truncated.
        public static let pageNotFound = Code(MDB_PAGE_NOTFOUND)
        /// LMDB found a page of the wrong kind: the store is damaged.
        public static let corrupted = Code(MDB_CORRUPTED)
        /// The file is not an LMDB environment, or of another version.
        public static let invalid = Code(MDB_INVALID)
        /// A database's flags or a page's contents make no sense: the store is damaged.
        public static let incompatible = Code(MDB_INCOMPATIBLE)
        public static let badValueSize = Code(MDB_BAD_VALSIZE)
    }

    /// Whether the code means the files are damaged (as opposed to a busy, full or
    /// misused environment): `verify` and queries report it as damage, exit 2.
    public var isDamage: Bool {
        [Code.pageNotFound, .corrupted, .invalid, .incompatible].contains(code)
    }

    public var code: Code
    /// What was being done, for the message.
    public var operation: String

    public init(_ rc: Int32, _ operation: String) {
        self.code = Code(rc)
        self.operation = operation
    }

    /// LMDB's own text for the code.
    public var message: String { String(cString: mdb_strerror(code.rawValue)) }

    public var description: String { "\(operation): \(message) (\(code.rawValue))" }
}

/// Turns a non-zero LMDB result into a thrown `LMDBError`.
@inline(__always)
func check(_ rc: Int32, _ operation: @autoclosure () -> String) throws(LMDBError) {
    if rc != 0 { throw LMDBError(rc, operation()) }
}
