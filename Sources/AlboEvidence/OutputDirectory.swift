import Foundation
import Glibc

/// A directory of files written whole or not at all: bundles and reports. The files go
/// into a fresh directory beside the destination, are synced, and the directory is renamed
/// onto the destination (missing, or an empty directory): a failed or killed run leaves
/// nothing half-written. Owner-only permissions: what goes in holds personal data until
/// someone decides to publish it.
public enum OutputDirectory {
    /// Checks that `path` can receive the files, so a command can refuse before any work.
    /// `what` names them in messages ("bundle", "report").
    public static func check(_ path: String, what: String) throws(EvidenceError) {
        _ = try destination(path, what: what)
    }

    /// Writes `files` (name → bytes) into `path` as one directory.
    public static func write(_ files: [String: [UInt8]], to path: String, what: String) throws(EvidenceError) {
        let fm = FileManager.default
        let target = try destination(path, what: what)
        let temp = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        do throws(EvidenceError) {
            guard mkdir(temp.path, 0o700) == 0 else { throw io("cannot create \(temp.path): \(String(cString: strerror(errno)))") }
            for name in files.keys.sorted() {
                try writeSynced(files[name] ?? [], to: temp.appendingPathComponent(name).path)
            }
            try sync(temp.path)
            // rename(2) replaces an empty directory atomically; FileManager's move would refuse it.
            guard rename(temp.path, target.path) == 0 else {
                throw io("cannot move the \(what) into \(path): \(String(cString: strerror(errno)))")
            }
            try sync(target.deletingLastPathComponent().path)
        } catch {
            try? fm.removeItem(at: temp)
            throw error
        }
    }

    private static func writeSynced(_ bytes: [UInt8], to file: String) throws(EvidenceError) {
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw io("cannot write \(file): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.write(fd, base + written, bytes.count - written)
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw io("cannot write \(file): \(String(cString: strerror(errno))); check the free space") }
            written += n
        }
        guard fsync(fd) == 0 else { throw io("cannot sync \(file): \(String(cString: strerror(errno)))") }
    }

    private static func sync(_ directory: String) throws(EvidenceError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw io("cannot open \(directory): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw io("cannot sync \(directory): \(String(cString: strerror(errno)))") }
    }

    private static func destination(_ path: String, what: String) throws(EvidenceError) -> URL {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw usage("--out \(path) is a file; name a new or empty directory") }
            let entries = (try? fm.contentsOfDirectory(atPath: target.path)) ?? []
            guard entries.isEmpty else {
                throw usage("--out \(path) is not empty (\(entries.count) entr\(entries.count == 1 ? "y" : "ies")); a \(what) is never mixed with other files: name a new or empty directory")
            }
        }
        guard fm.fileExists(atPath: target.deletingLastPathComponent().path) else {
            throw usage("the parent directory of --out \(path) does not exist; create it first")
        }
        return target
    }

    private static func usage(_ message: String) -> EvidenceError { EvidenceError(.usage, message) }
    private static func io(_ message: String) -> EvidenceError { EvidenceError(.writeFailed, message) }
}
