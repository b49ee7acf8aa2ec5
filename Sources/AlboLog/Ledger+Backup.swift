import Foundation
import LMDB

// A backup is whole or absent: LMDB copies into a temporary directory beside the
// destination (same file system, so the final rename is atomic), the copy and the directory
// are fsynced, and only then is the directory renamed to DEST. A run killed midway leaves
// only `.<DEST>.albo-backup.<pid>`, which no command takes for a store and the next backup
// to the same DEST removes.
extension Ledger {
    /// The prefix of the temporary directories of backups to `destination`'s last component.
    static func backupTemporaryPrefix(_ base: String) -> String { "." + base + ".albo-backup." }

    /// Writes a consistent, compacted copy of the store to `destination`, which must not
    /// exist or be an empty directory; its parent must exist. The copy is owner-only
    /// (directory 0700, files 0600). Throws `LogError` (`backup…` codes).
    func backup(to destination: String) throws {
        let name = PathName(destination)
        let dest = name.path
        let parent = name.parent
        let base = name.lastComponent

        var st = stat()
        guard stat(parent, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else {
            throw LogError(.backupParentMissing, "cannot back up to \(destination): its parent directory \(parent) does not exist; create it first")
        }
        if stat(dest, &st) == 0 {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: dest)) ?? ["?"]
            guard st.st_mode & S_IFMT == S_IFDIR, entries.isEmpty else {
                throw LogError(.backupDestinationNotEmpty, "\(destination) exists and is not an empty directory; choose a new destination (a backup never overwrites)")
            }
        }
        Self.removeStaleBackups(in: parent, base: base)

        let temporary = parent + "/" + Self.backupTemporaryPrefix(base) + String(getpid())
        try? FileManager.default.removeItem(atPath: temporary) // a dead run's, with our pid
        guard mkdir(temporary, 0o700) == 0 else {
            throw Self.ioError("cannot create the temporary directory \(temporary)")
        }
        do {
            chmod(temporary, 0o700)
            do { try copy(to: temporary) } catch {
                throw LogError(.backupFailed, "copying the store failed: \(error)")
            }
            chmod(temporary + "/data.mdb", 0o600)
            try Self.syncToDisk(temporary + "/data.mdb")
            // The keys, read after the log's snapshot: every subject of the copied records has
            // its slot in the copy (slots are synced before a batch commits). The copy's keys
            // store is written whole: its own slot file and index, every slot checked first.
            if isSealed {
                do { try copyKeys(to: temporary) } catch let e as LogError {
                    throw e.code == .keysDamaged || e.code == .keysUnreadable || e.code == .diskFull ? e
                        : LogError(.backupFailed, "copying the sealing keys failed: \(e)")
                }
            }
            try Self.syncToDisk(temporary)
            guard rename(temporary, dest) == 0 else {
                if errno == ENOTEMPTY || errno == EEXIST || errno == ENOTDIR {
                    throw LogError(.backupDestinationNotEmpty, "\(destination) appeared while the backup ran and is not empty; nothing was written there")
                }
                throw Self.ioError("cannot rename the copy to \(destination)")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        try Self.syncToDisk(parent)
    }

    /// Removes the temporary directories that killed backups to `base` left in `parent`:
    /// those whose process is gone. A running backup's directory is left alone.
    static func removeStaleBackups(in parent: String, base: String) {
        let prefix = backupTemporaryPrefix(base)
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where entry.hasPrefix(prefix) {
            guard let pid = Int32(entry.dropFirst(prefix.count)) else { continue }
            if pid != getpid() && kill(pid, 0) == 0 { continue }
            if pid != getpid() && errno != ESRCH { continue }
            try? FileManager.default.removeItem(atPath: parent + "/" + entry)
        }
    }

    private static func syncToDisk(_ path: String) throws(LogError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ioError("cannot open \(path) to sync it") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw ioError("cannot sync \(path) to disk") }
    }

    private static func ioError(_ what: String) -> LogError {
        LogError(.backupFailed, "\(what): \(String(cString: strerror(errno)))")
    }
}
