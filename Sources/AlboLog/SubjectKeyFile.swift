public import AlboSealing
import Foundation

/// The old form of a store's sealing material: the text file `subjects.keys` beside
/// `data.mdb`, one `reference key person` line per subject. Stores written before the keys
/// store (`subjects.keyslots`) still have it; it is read as it is, and the first write
/// moves its keys into the keys store, then overwrites it with zeros and removes it.
public struct SubjectKeyFile: Sendable {
    /// The store directory.
    public let directory: String
    /// The file's name in the store directory.
    public static let name = "subjects.keys"

    public init(directory: String) { self.directory = directory }

    /// The file's path.
    public var path: String { directory + "/" + Self.name }

    /// The keys in the file; nil when there is no file. Opened as a regular file only (a
    /// symbolic link or a directory there is damage); a file that cannot be parsed is damage.
    public func loadIfPresent() throws(LogError) -> Keyring? {
        guard let bytes = try Self.contents(of: path) else { return nil }
        do { return try Keyring(bytes: bytes) } catch {
            throw LogError(.keysDamaged, "the sealing keys \(path) are damaged: \(error); restore the store (keys and log together) from a backup")
        }
    }

    /// Overwrites the file with zeros in place, syncs, and removes it.
    func wipe() throws(LogError) {
        let fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return }
            throw LogError(.keysFailed, "cannot wipe the old sealing keys \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return }
        let zeros = [UInt8](repeating: 0, count: Int(st.st_size))
        let written = zeros.withUnsafeBytes { raw in raw.isEmpty ? 0 : pwrite(fd, raw.baseAddress!, raw.count, 0) }
        guard written == zeros.count, fsync(fd) == 0, unlink(path) == 0 else {
            throw KeySlotFile.writeError(path, errno)
        }
        let dir = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 { fsync(dir); close(dir) }
    }

    /// The whole file, read straight into an array; nil when it does not exist.
    static func contents(of path: String) throws(LogError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            switch errno {
            case ENOENT: return nil
            case EACCES, EPERM: throw LogError(.keysUnreadable, "cannot read the sealing keys \(path): permission denied (only the store's owner opens personal data)")
            case ELOOP: throw LogError(.keysDamaged, "the sealing keys \(path) are a symbolic link: the keys store is never followed elsewhere")
            default: throw LogError(.keysDamaged, "cannot read the sealing keys \(path): \(String(cString: strerror(errno)))")
            }
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
            throw LogError(.keysDamaged, "the sealing keys \(path) are not a regular file")
        }
        let size = Int(st.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size, let base = buffer.baseAddress {
                let n = read(fd, base + done, size - done)
                if n <= 0 { break }
                done += n
            }
            failed = done < size
            count = done
        }
        if failed { throw LogError(.keysDamaged, "cannot read the sealing keys \(path) whole") }
        return bytes
    }
}
