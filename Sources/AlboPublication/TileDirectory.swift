public import Foundation
public import Transparency

/// A directory holding a published C2SP tlog-tiles tree: tiles written once each, under a
/// temporary name then renamed (a reader never sees half a tile), and the checkpoint
/// replaced last, after every tile is on disk.
public struct TileDirectory: Sendable {
    /// The directory path.
    public let path: String

    /// A directory, created (with parents) if missing.
    public init(path: String) throws {
        self.path = path
        try Self.makeDirectories(path)
    }

    /// The checkpoint note published now, nil when there is none.
    public func publishedCheckpoint() throws -> (note: String, checkpoint: Checkpoint)? {
        guard let data = FileManager.default.contents(atPath: path + "/checkpoint") else { return nil }
        let note = String(decoding: data, as: UTF8.self)
        guard let split = note.range(of: "\n\n") else {
            throw PublicationError(.inconsistent, "\(path)/checkpoint is not a signed checkpoint; move it away or publish to another directory")
        }
        do { return (note, try Checkpoint(parsing: String(note[..<split.lowerBound]) + "\n")) } catch {
            throw PublicationError(.inconsistent, "\(path)/checkpoint is not a checkpoint (\(error)); move it away or publish to another directory")
        }
    }

    /// Whether the tile's file is present and complete: a hash tile of its exact size, an entry
    /// bundle not empty (a crash before the flush may leave an empty file under the final name).
    public func contains(_ tile: Tile) -> Bool {
        var st = stat()
        guard stat(path + "/" + tile.path, &st) == 0 else { return false }
        return tile.level == nil ? st.st_size >= 2 * tile.count : Int(st.st_size) == tile.count * TreeHash.byteCount
    }

    /// Writes a tile's bytes under a temporary name and renames it into place (no fsync: `sync()` does all at once).
    public func write(_ tile: Tile, _ bytes: [UInt8], directories: inout Set<String>) throws {
        let file = path + "/" + tile.path
        let parent = (file as NSString).deletingLastPathComponent
        if !directories.contains(parent) {
            try Self.makeDirectories(parent)
            directories.insert(parent)
        }
        try Self.writeReplacing(file, bytes, durable: false)
    }

    /// Flushes every file written so far to disk: one `sync()` instead of an fsync per tile
    /// (thousands for a large log); `syncfs` is not exposed by Swift's Glibc module.
    public func sync() {
        Glibc.sync()
    }

    /// Replaces the checkpoint atomically and durably: temporary file, fsync, rename, fsync of the directory.
    public func replaceCheckpoint(_ note: String) throws {
        try Self.writeReplacing(path + "/checkpoint", Array(note.utf8), durable: true)
    }

    /// Writes `bytes` to `file` through a temporary file in the same directory and `rename`;
    /// when `durable`, the file and then the directory are fsynced so the rename survives a crash.
    public static func writeReplacing(_ file: String, _ bytes: [UInt8], durable: Bool, mode: mode_t = 0o644) throws {
        let parent = (file as NSString).deletingLastPathComponent
        let temporary = "\(parent.isEmpty ? "." : parent)/.tmp-\(getpid())-\(UInt32.random(in: .min ... .max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else { throw ioError("cannot create a file in \(parent)") }
        var ok = bytes.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, base + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        if ok, durable { ok = fsync(fd) == 0 }
        close(fd)
        guard ok, rename(temporary, file) == 0 else {
            let error = ioError("cannot write \(file)")
            unlink(temporary)
            throw error
        }
        if durable {
            let dir = open(parent.isEmpty ? "." : parent, O_RDONLY | O_DIRECTORY)
            if dir >= 0 { fsync(dir); close(dir) }
        }
    }

    static func makeDirectories(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw PublicationError(.io, "cannot create the directory \(path): \(error.localizedDescription)")
        }
    }

    static func ioError(_ what: String) -> PublicationError {
        PublicationError(.io, "\(what): \(String(cString: strerror(errno)))")
    }
}
