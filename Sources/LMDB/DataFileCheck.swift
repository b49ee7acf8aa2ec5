import Glibc

/// Reads an environment's data file header without mapping it: LMDB maps the file and
/// trusts it, so a file cut short under its pages faults (SIGBUS) on the first read past
/// its end. Checking the length first turns that into an error.
public enum DataFileCheck {
    /// The bytes the data file's newest meta page says are in use, and the file's length;
    /// nil when the file cannot be read or holds no LMDB meta page.
    ///
    /// The layout is LMDB 0.9's (`MDB_meta` after a 16-byte page header, 64-bit): the
    /// page size is the free-list database's `md_pad` (offset 40), the last page at 136,
    /// the transaction id at 144; meta pages 0 and 1, the newer one counts.
    public static func lengths(of path: String) -> (inUse: Int, length: Int)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        func meta(at offset: Int) -> (pageSize: Int, lastPage: Int, txn: UInt64)? {
            var page = [UInt8](repeating: 0, count: 152)
            guard page.withUnsafeMutableBytes({ pread(fd, $0.baseAddress, 152, off_t(offset)) }) == 152 else { return nil }
            func u32(_ at: Int) -> UInt32 { page[at..<(at + 4)].reversed().reduce(0) { $0 << 8 | UInt32($1) } }
            func u64(_ at: Int) -> UInt64 { page[at..<(at + 8)].reversed().reduce(0) { $0 << 8 | UInt64($1) } }
            guard u32(16) == 0xBEEF_C0DE else { return nil }
            let pageSize = Int(u32(40)), last = u64(136)
            guard pageSize >= 512, pageSize <= 1 << 16, last < UInt64(Int.max) / UInt64(pageSize) else { return nil }
            return (pageSize, Int(last), u64(144))
        }
        guard let first = meta(at: 0) else { return nil }
        let newest = meta(at: first.pageSize).map { $0.txn > first.txn ? $0 : first } ?? first
        return ((newest.lastPage + 1) * newest.pageSize, Int(st.st_size))
    }
}
