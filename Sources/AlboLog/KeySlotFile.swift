import Foundation

/// The keys store's file, `subjects.keyslots` beside `data.mdb`: a 32-byte header, then
/// `KeySlot`s at fixed offsets. Only the slots below the count committed in LMDB are part of
/// the store; later ones belong to a batch that never committed and are zeroed by the next
/// writer.
///
/// It is opened only as a regular file (`O_NOFOLLOW`, then `fstat`): a symbolic link or a
/// directory in its place is damage, never followed. A writer also insists on owning it and
/// on its mode being owner-only.
final class KeySlotFile {
    static let name = "subjects.keyslots"
    static let header: [UInt8] = Array("albo-subject-keys v2\n".utf8) + [UInt8](repeating: 0, count: 11)

    let path: String
    private let fd: Int32
    let isWritable: Bool

    private init(path: String, fd: Int32, isWritable: Bool) {
        self.path = path
        self.fd = fd
        self.isWritable = isWritable
    }

    deinit { close(fd) }

    /// Opens the file in `directory`; nil when it does not exist and `create` is not set.
    static func open(directory: String, writing: Bool, create: Bool = false) throws(LogError) -> KeySlotFile? {
        let path = directory + "/" + name
        let flags = (writing ? O_RDWR : O_RDONLY) | O_NOFOLLOW | O_CLOEXEC | (create ? O_CREAT | O_EXCL : 0)
        var fd = Foundation.open(path, flags, 0o600)
        var created = fd >= 0 && create
        if fd < 0 && create && errno == EEXIST {
            fd = Foundation.open(path, (writing ? O_RDWR : O_RDONLY) | O_NOFOLLOW | O_CLOEXEC)
            created = false
        }
        guard fd >= 0 else {
            let e = errno
            switch e {
            case ENOENT: return nil
            case EACCES, EPERM:
                throw LogError(.keysUnreadable, "cannot \(writing ? "write" : "read") the sealing keys \(path): permission denied (only the store's owner opens personal data)")
            case ELOOP:
                throw LogError(.keysDamaged, "the sealing keys \(path) are a symbolic link: the keys store is never followed elsewhere")
            case EISDIR:
                throw LogError(.keysDamaged, "the sealing keys \(path) are a directory, not the keys file")
            default:
                throw LogError(e == ENOSPC || e == EDQUOT ? .diskFull : .keysFailed, "cannot open the sealing keys \(path): \(String(cString: strerror(e)))")
            }
        }
        let file = KeySlotFile(path: path, fd: fd, isWritable: writing)
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
            throw LogError(.keysDamaged, "the sealing keys \(path) are not a regular file")
        }
        if writing {
            guard st.st_uid == geteuid() else {
                throw LogError(.keysUnreadable, "the sealing keys \(path) belong to another user (uid \(st.st_uid)): only the store's owner writes them")
            }
            guard st.st_mode & 0o077 == 0 else {
                throw LogError(.keysUnreadable, "the sealing keys \(path) are open to others (mode \(String(st.st_mode & 0o777, radix: 8))): run `chmod 600 \(path)` first")
            }
        }
        if created {
            try file.write(header, at: 0)
            try file.sync()
            let dir = Foundation.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if dir >= 0 { fsync(dir); close(dir) }
        }
        return file
    }

    /// The file's size in bytes.
    func size() throws(LogError) -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw LogError(.keysFailed, "cannot stat the sealing keys \(path): \(String(cString: strerror(errno)))") }
        return Int(st.st_size)
    }

    /// Checks the header and that `count` slots are there.
    func check(count: UInt64) throws(LogError) {
        let size = try size()
        guard size >= Self.header.count, try read(at: 0, count: Self.header.count) == Self.header else {
            throw LogError(.keysDamaged, "the sealing keys \(path) are damaged: no keys-store header")
        }
        guard size >= Self.offset(of: count) else {
            throw LogError(.keysDamaged, "the sealing keys \(path) are cut short: \(count) keys committed, room for \((size - Self.header.count) / KeySlot.size)")
        }
    }

    static func offset(of slot: UInt64) -> Int { header.count + Int(slot) * KeySlot.size }

    /// `count` bytes at `offset`.
    func read(at offset: Int, count: Int) throws(LogError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw LogError(errno == EACCES ? .keysUnreadable : .keysDamaged, "cannot read the sealing keys \(path): \(String(cString: strerror(errno)))") }
            if n == 0 { throw LogError(.keysDamaged, "the sealing keys \(path) are cut short") }
            done += n
        }
        return out
    }

    /// The slots `first..<first+count`, as one buffer.
    func slots(from first: UInt64, count: Int) throws(LogError) -> [UInt8] {
        try read(at: Self.offset(of: first), count: count * KeySlot.size)
    }

    /// Writes `bytes` at `offset` (not synced).
    func write(_ bytes: [UInt8], at offset: Int) throws(LogError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, bytes.count - done, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Self.writeError(path, errno) }
            done += n
        }
    }

    /// Flushes what was written to the disk.
    func sync() throws(LogError) {
        guard fsync(fd) == 0 else { throw Self.writeError(path, errno) }
    }

    /// Overwrites the slots from `first` to the end of the file with zeros, syncs, and
    /// cuts the file there: a batch that never committed leaves no key behind.
    func reclaim(from first: UInt64) throws(LogError) {
        let end = try size(), start = Self.offset(of: first)
        guard end > start else { return }
        try write([UInt8](repeating: 0, count: end - start), at: start)
        try sync()
        guard ftruncate(fd, off_t(start)) == 0 else { throw Self.writeError(path, errno) }
        try sync()
    }

    static func writeError(_ path: String, _ e: Int32) -> LogError {
        e == ENOSPC || e == EDQUOT
            ? LogError(.diskFull, "the disk is full: cannot write the sealing keys \(path)")
            : LogError(.keysFailed, "cannot write the sealing keys \(path): \(String(cString: strerror(e)))")
    }
}
