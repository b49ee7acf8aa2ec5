public import AlboSealing
import Foundation

/// The store's sealing material on disk: `subjects.keys` beside `data.mdb`, owner-only
/// (0600), never inside the log. It is replaced whole: a new file is written, synced and
/// renamed over the old one, so a reader sees the old keys or the new ones, and a subject
/// removed from it is in no file of the store afterwards.
public struct SubjectKeyFile: Sendable {
    /// The store directory.
    public let directory: String
    /// The file's name in the store directory.
    public static let name = "subjects.keys"

    public init(directory: String) { self.directory = directory }

    /// The file's path.
    public var path: String { directory + "/" + Self.name }

    /// The keys on disk; empty when the file does not exist (no subject yet). Throws when it
    /// exists but cannot be read: a store whose keys cannot be read must not get new ones.
    ///
    /// With `only`, just those subjects' keys are decoded (what one record needs).
    public func load(only: Set<String>? = nil) throws(LogError) -> Keyring {
        guard FileManager.default.fileExists(atPath: path) else { return Keyring() }
        var clock = PhaseClock()
        defer { clock.lap("keys: parsed") }
        guard let bytes = Self.contents(of: path) else {
            throw LogError(.keysUnreadable, "cannot read the sealing keys \(path): permission denied (only the store's owner opens personal data)")
        }
        clock.lap("keys: read \(bytes.count) bytes")
        do { return try Keyring(bytes: bytes, only: only) } catch {
            throw LogError(.keysUnreadable, "the sealing keys \(path) are damaged: \(error)")
        }
    }

    /// Adds new subjects (lines in the text form, `Keyring.line`) at the end of the file
    /// (created with its header when missing) and
    /// syncs it: a batch's new keys cost what they weigh, not a rewrite of every key.
    public func append(lines: [UInt8]) throws(LogError) {
        guard !lines.isEmpty else { return }
        let exists = FileManager.default.fileExists(atPath: path)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { throw LogError(.keysFailed, "cannot write the sealing keys \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard exists || Self.writeAll(fd, Array((Keyring.header + "\n").utf8)), Self.writeAll(fd, lines), fsync(fd) == 0 else {
            throw LogError(.keysFailed, "cannot write the sealing keys \(path): \(String(cString: strerror(errno)))")
        }
        if !exists { Self.syncDirectory(directory) }
    }

    /// The whole file, read straight into an array.
    private static func contents(of path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
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
        return failed ? nil : bytes
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            var written = 0
            while written < raw.count {
                let n = write(fd, base + written, raw.count - written)
                if n <= 0 { return false }
                written += n
            }
            return true
        }
    }

    private static func syncDirectory(_ directory: String) {
        let dir = open(directory, O_RDONLY)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }

    /// Whether the keys can be read by this user (the file may not exist yet).
    public var isReadable: Bool {
        !FileManager.default.fileExists(atPath: path) || access(path, R_OK) == 0
    }

    /// Replaces the file with `keyring`: temporary file (0600), fsync, rename, fsync of the directory.
    public func save(_ keyring: Keyring) throws(LogError) {
        let temporary = directory + "/." + Self.name + ".tmp"
        let bytes = Array(keyring.text.utf8)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw LogError(.keysFailed, "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let ok = Self.writeAll(fd, bytes) && fsync(fd) == 0
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw LogError(.keysFailed, "cannot write the sealing keys \(path): \(reason)")
        }
        Self.syncDirectory(directory)
    }
}
