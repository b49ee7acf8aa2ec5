internal import CLMDB
import Glibc

extension Environment {
    /// Where this process maps the data file, and LMDB's page size; nil when the mapping
    /// cannot be found. LMDB does not say (`mdb_env_info`'s `me_mapaddr` is the address
    /// recorded for `MDB_FIXEDMAP` alone, null otherwise), so it is looked up in
    /// `/proc/self/maps`: the mapping of the data file's inode at offset 0. Only valid while a
    /// transaction holds the map in place (it moves when the map is resized).
    var mapping: (base: UnsafeRawPointer, size: Int, pageSize: Int)? {
        var fd: Int32 = -1
        var st = stat()
        var envStat = MDB_stat()
        guard mdb_env_get_fd(handle, &fd) == 0, fd >= 0, fstat(fd, &st) == 0, mdb_env_stat(handle, &envStat) == 0,
              let maps = fopen("/proc/self/maps", "r") else { return nil }
        defer { fclose(maps) }
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), maps) != nil {
            // start-end perms offset major:minor inode path
            let fields = String(cString: line).split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 5, UInt64(fields[4]) == UInt64(st.st_ino), UInt64(fields[2], radix: 16) == 0 else { continue }
            let device = fields[3].split(separator: ":")
            guard device.count == 2, UInt64(device[0], radix: 16) == major(UInt64(st.st_dev)),
                  UInt64(device[1], radix: 16) == minor(UInt64(st.st_dev)) else { continue }
            let range = fields[0].split(separator: "-")
            guard range.count == 2, let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16), end > start,
                  let base = UnsafeRawPointer(bitPattern: start) else { continue }
            return (base, Int(end - start), Int(envStat.ms_psize))
        }
        return nil
    }
}

/// glibc's `major` and `minor` of a device number (macros, which Swift does not import).
private func major(_ dev: UInt64) -> UInt64 { ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfff) }
private func minor(_ dev: UInt64) -> UInt64 { (dev & 0xff) | ((dev >> 12) & ~0xff) }
