internal import CLMDB
import Glibc

/// Keeps the kernel reading ahead of a cursor that walks a whole database in key order
/// (used through `Transaction.withCursor(prefetching:)`).
///
/// A B-tree filled in random key order (a projection keyed by protocol and date, rebuilt in
/// many transactions) has its leaf pages scattered over the file: a walk in key order then
/// waits for one 4 KiB read per leaf, one at a time (27 MB/s on this project's test
/// machine). The prefetcher reads the tree's branch pages itself, in LMDB 0.9's page format,
/// lists the leaves in the order the cursor will visit them, and keeps the next `window` of
/// them advised `MADV_WILLNEED`, so that their reads are queued together.
///
/// It only advises. The walk itself goes through LMDB, so a page misjudged here costs a
/// wasted read, never a wrong answer; and anything unexpected (another LMDB version, a
/// record that disagrees with `mdb_stat`, a page that is not a branch page where one should
/// be) switches it off.
public struct TreePrefetch {
    /// LMDB's page header size, and the page flag of a branch page (mdb.c, 0.9).
    static let headerSize = 16
    static let branchFlag: UInt16 = 0x01
    /// Leaves kept advised ahead of the cursor, at most: 16 MiB of 4 KiB pages. A walk
    /// starts with `firstSpan` and doubles it at each top-up, so that a seek that reads a
    /// few entries asks for little more than it reads.
    static let defaultWindow = 4096
    static let firstSpan = 4
    let window: Int
    private var span: Int

    private let base: UnsafeRawPointer?
    private let pageSize: Int
    private let lastPage: UInt64
    private let depth: Int
    /// Branch pages on the way down to the next leaf, each with the index of its next child.
    private var stack: [(page: UInt64, next: Int)] = []
    /// Leaves handed to `advise` so far, and leaves the walk has entered.
    private(set) var advised = 0
    private(set) var visited = 0
    private var current: UInt64 = .max
    private let advise: (UnsafeRawPointer, Int) -> Void
    /// Whether a page is in memory already (`mincore`).
    private let isResident: (UnsafeRawPointer) -> Bool
    /// Leaves listed for the next top-up, reused.
    private var batch: [UInt64] = []

    /// Whether it will advise anything: the transaction is read-only (a write transaction's
    /// tree is not yet the stored one) and the database has branch pages.
    public var isActive: Bool { base != nil }

    /// A prefetcher for a forward walk of `db` from its first entry, or from the first entry
    /// at or after `start`, in the read-only `txn`.
    init(_ txn: Transaction, _ db: Database, from start: UnsafeRawBufferPointer? = nil, window: Int = defaultWindow,
         advise: @escaping (UnsafeRawPointer, Int) -> Void = { p, n in _ = madvise(UnsafeMutableRawPointer(mutating: p), n, MADV_WILLNEED) },
         isResident: @escaping (UnsafeRawPointer) -> Bool = TreePrefetch.inMemory) {
        self.advise = advise
        self.isResident = isResident
        self.window = window
        self.span = min(Self.firstSpan, window)
        var info = MDB_envinfo()
        var stat = MDB_stat()
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        _ = mdb_version(&major, &minor, &patch)
        mdb_env_info(txn.env.handle, &info)
        guard txn.isReadOnly, major == 0, minor == 9,
              mdb_stat(txn.handle, db.dbi, &stat) == 0, stat.ms_depth >= 2,
              let record = Self.record(txn, db), record.depth == stat.ms_depth,
              record.branchPages == UInt64(stat.ms_branch_pages), record.leafPages == UInt64(stat.ms_leaf_pages),
              record.entries == UInt64(stat.ms_entries), record.root <= UInt64(info.me_last_pgno),
              start == nil || record.flags & Self.orderFlags == 0,
              let map = txn.mapping, (UInt64(info.me_last_pgno) + 1) * UInt64(map.pageSize) <= UInt64(map.size)
        else {
            (base, pageSize, lastPage, depth) = (nil, 0, 0, 0)
            return
        }
        base = map.base
        pageSize = map.pageSize
        lastPage = UInt64(info.me_last_pgno)
        depth = Int(stat.ms_depth)
        stack = [(record.root, 0)]
        if let start { descend(to: start) }
    }

    /// Database flags under which keys are not in plain byte order, or a leaf holds more than
    /// one level (MDB_REVERSEKEY, MDB_DUPSORT, MDB_INTEGERKEY): a seek is not followed there.
    static let orderFlags: UInt16 = 0x02 | 0x04 | 0x08

    /// Positions the stack so that the next leaf is the one holding the first key ≥ `key`:
    /// in each branch page, the last child whose separating key is ≤ `key` (the first
    /// child's key is never stored: it stands for everything below the second's).
    private mutating func descend(to key: UnsafeRawBufferPointer) {
        guard let base else { return }
        while !stack.isEmpty {
            let top = stack[stack.count - 1]
            let page = base + Int(top.page) * pageSize
            guard let nodes = branchNodes(page) else { stack = []; return }
            var chosen = 0
            for i in 1..<max(1, nodes) {
                guard let node = node(page, i) else { stack = []; return }
                let size = Int(page.loadUnaligned(fromByteOffset: node + 6, as: UInt16.self))
                guard node + 8 + size <= pageSize else { stack = []; return }
                if Self.compare(UnsafeRawBufferPointer(start: page + node + 8, count: size), key) > 0 { break }
                chosen = i
            }
            if stack.count == depth - 1 {
                stack[stack.count - 1].next = chosen
                return
            }
            stack[stack.count - 1].next = chosen + 1
            guard let node = node(page, chosen), let child = child(page, node) else { stack = []; return }
            stack.append((child, 0))
        }
    }

    /// LMDB's default order: bytes compared, then the shorter first.
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        if n > 0, let x = a.baseAddress, let y = b.baseAddress {
            let c = memcmp(x, y, n)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }

    /// The number of nodes in the branch page at `page`; nil when it is not a branch page.
    private func branchNodes(_ page: UnsafeRawPointer) -> Int? {
        let flags = page.loadUnaligned(fromByteOffset: 10, as: UInt16.self)
        let lower = Int(page.loadUnaligned(fromByteOffset: 12, as: UInt16.self))
        guard flags & Self.branchFlag != 0, lower >= Self.headerSize, lower <= pageSize else { return nil }
        return (lower - Self.headerSize) / 2
    }

    /// The offset of node `i` in `page`; nil when it points outside the page.
    private func node(_ page: UnsafeRawPointer, _ i: Int) -> Int? {
        let offset = Int(page.loadUnaligned(fromByteOffset: Self.headerSize + 2 * i, as: UInt16.self))
        return offset >= Self.headerSize && offset + 8 <= pageSize ? offset : nil
    }

    /// A branch node's child page number (mn_lo, mn_hi, then mn_flags as its top bits); nil
    /// past the file's last page.
    private func child(_ page: UnsafeRawPointer, _ node: Int) -> UInt64? {
        let child = UInt64(page.loadUnaligned(fromByteOffset: node, as: UInt16.self))
            | UInt64(page.loadUnaligned(fromByteOffset: node + 2, as: UInt16.self)) << 16
            | UInt64(page.loadUnaligned(fromByteOffset: node + 4, as: UInt16.self)) << 32
        return child <= lastPage ? child : nil
    }

    /// The database's own record in the main database (LMDB's `MDB_db`: pad, flags, depth,
    /// branch, leaf and overflow page counts, entries, root), which names its root page.
    private static func record(_ txn: Transaction, _ db: Database) -> (flags: UInt16, depth: UInt32, branchPages: UInt64, leafPages: UInt64, entries: UInt64, root: UInt64)? {
        var main: MDB_dbi = 0
        guard mdb_dbi_open(txn.handle, nil, 0, &main) == 0 else { return nil }
        var bytes = Array(db.name.utf8)
        return bytes.withUnsafeMutableBytes { name -> (UInt16, UInt32, UInt64, UInt64, UInt64, UInt64)? in
            var k = MDB_val(mv_size: name.count, mv_data: name.baseAddress)
            var v = MDB_val()
            guard mdb_get(txn.handle, main, &k, &v) == 0, v.mv_size == 48, let p = v.mv_data.map(UnsafeRawPointer.init) else { return nil }
            return (p.loadUnaligned(fromByteOffset: 4, as: UInt16.self), UInt32(p.loadUnaligned(fromByteOffset: 6, as: UInt16.self)),
                    p.loadUnaligned(fromByteOffset: 8, as: UInt64.self), p.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
                    p.loadUnaligned(fromByteOffset: 32, as: UInt64.self), p.loadUnaligned(fromByteOffset: 40, as: UInt64.self))
        }
    }

    /// The next leaf page in key order, nil after the last (or when a page is not what the
    /// format says it should be, which ends the prefetching).
    mutating func nextLeaf() -> UInt64? {
        guard let base else { return nil }
        while let top = stack.last {
            let page = base + Int(top.page) * pageSize
            guard let nodes = branchNodes(page) else { stack = []; return nil }
            guard top.next < nodes else {
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            guard let node = node(page, top.next), let child = child(page, node) else { stack = []; return nil }
            if stack.count + 1 == depth { return child }
            stack.append((child, 0))
        }
        return nil
    }

    /// Notes that the walk has reached `key` (a key the cursor returned, which lies in its
    /// leaf page); on entering a new leaf, tops the advised window up.
    public mutating func reached(_ key: UnsafeRawBufferPointer) {
        guard let base, let k = key.baseAddress, k >= base else { return }
        let page = UInt64((k - base) / pageSize)
        guard page != current else { return }
        current = page
        visited += 1
        guard advised < visited + (span + 1) / 2 else { return }
        if advised > 0 { span = min(2 * span, window) }
        batch.removeAll(keepingCapacity: true)
        while advised + batch.count < visited + span, let leaf = nextLeaf() { batch.append(leaf) }
        advised += batch.count
        guard let first = batch.first, let last = batch.last else { return }
        // A tree already in the page cache (a second walk, a warm store) would cost a system
        // call a leaf for nothing: when the batch's first, middle and last leaves are all in
        // memory, the batch is taken to be.
        if isResident(base + Int(first) * pageSize), isResident(base + Int(batch[batch.count / 2]) * pageSize),
           isResident(base + Int(last) * pageSize) { return }
        for leaf in batch { advise(base + Int(leaf) * pageSize, pageSize) }
    }

    /// Whether the page at `page` is in memory (`mincore`); false when it cannot be told.
    public static func inMemory(_ page: UnsafeRawPointer) -> Bool {
        var vector: UInt8 = 0
        return mincore(UnsafeMutableRawPointer(mutating: page), 1, &vector) == 0 && vector & 1 == 1
    }
}

extension Transaction {
    /// Calls `body` with every entry of `db` in key order, the leaves ahead of the walk asked
    /// for in advance (`withCursor(prefetching:)`).
    public func walk(_ db: Database, _ body: (Cursor.Entry) throws -> Void) throws {
        try withCursor(db, prefetching: true) { c in
            var entry = try c.first()
            while let e = entry {
                try body(e)
                entry = try c.next()
            }
        }
    }
}

extension Transaction {
    /// Runs `body` with the map advised `MADV_RANDOM` when `active` and the environment reads
    /// ahead (it is already so advised otherwise), and advised normal again after: each
    /// fault would otherwise read megabytes around a page whose neighbours belong to other
    /// databases.
    func withoutReadahead<T>(_ active: Bool, _ body: () throws -> T) rethrows -> T {
        guard active, env.readsAhead, let map = mapping else { return try body() }
        let start = UnsafeMutableRawPointer(mutating: map.base)
        _ = madvise(start, map.size, MADV_RANDOM)
        defer { _ = madvise(start, map.size, MADV_NORMAL) }
        return try body()
    }
}
