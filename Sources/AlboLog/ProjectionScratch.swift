import Foundation
import LMDB

/// A private LMDB environment that holds projection databases and nothing else, for
/// replaying the log outside the store: `verify` rebuilds the projections here while it
/// reads the log from the store in one read transaction, so the store is never written
/// (a read-only store works too) and the log is never copied. The directory is removed
/// when `ProjectionScratch.using` returns.
public final class ProjectionScratch {
    let env: Environment
    /// The directory of the scratch environment.
    public let path: String

    private init(path: String) throws {
        var options = Environment.Options()
        options.create = true
        // Written in no order the file has: no readahead around each fault.
        options.readAhead = false
        // No `writeMap`: it would extend the file to the whole map at once; without it the
        // file holds the pages written and no more (a chunk's dirty pages stay in memory
        // until its commit, as in the store's own catch-up).
        self.env = try Environment(path: path, options: options)
        self.path = path
    }

    /// Runs `body` with a new, empty scratch environment in a private directory under
    /// `parent` (the temporary directory, `$TMPDIR`, when nil), and removes the directory
    /// (whatever `body` did) when it returns.
    public static func using<T>(under parent: String? = nil, _ body: (ProjectionScratch) throws -> T) throws -> T {
        let parent = parent ?? NSTemporaryDirectory()
        let directory = (parent.hasSuffix("/") ? parent : parent + "/") + "albo-replay-" + UUID().uuidString
        guard mkdir(directory, 0o700) == 0 else {
            throw LogError(.scratchFailed, "cannot create \(directory) to replay the projections: \(String(cString: strerror(errno)))")
        }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try body(try ProjectionScratch(path: directory))
    }

    /// Runs `body` in one write transaction over the scratch databases, committed when it
    /// returns, with `log` as the transaction's view of the log (a snapshot of the store,
    /// read-only). `reserve` bytes of map space are made available first.
    public func write<T>(log: LogSnapshot, reserve: Int = 0, _ body: (ProjectionTransaction) throws -> T) throws -> T {
        if reserve > 0 { try env.reserve(reserve) }
        return try env.write { txn in try body(ProjectionTransaction(txn: txn, log: log)) }
    }

    /// Runs `body` in one read transaction over the scratch databases, with `log` as its view of the log.
    public func read<T>(log: LogSnapshot, _ body: (ProjectionTransaction) throws -> T) throws -> T {
        try env.read { txn in try body(ProjectionTransaction(txn: txn, log: log)) }
    }

    /// Bytes the scratch data file occupies on disk (its blocks, not its sparse length).
    public var diskBytes: UInt64 {
        var st = stat()
        guard stat(path + "/data.mdb", &st) == 0 else { return 0 }
        return UInt64(st.st_blocks) * 512
    }
}

extension ProjectionTransaction {
    /// A transaction over scratch projection databases that reads the log through `log`.
    init(txn: Transaction, log: LogSnapshot) {
        self.txn = txn
        self.log = log
    }
}
