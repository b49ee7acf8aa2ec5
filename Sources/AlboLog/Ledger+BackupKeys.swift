import AlboSealing
import Foundation
import LMDB

extension Ledger {
    /// Writes the copy's keys into `directory`, beside a copy of the log just made there:
    /// exactly the slots its own snapshot committed, each checked on the way (a damaged
    /// keys store is no backup). An old-format store's `subjects.keys` is copied as it is.
    func copyKeys(to directory: String) throws {
        try env.read { txn in
            let store = try SubjectKeyStore(ledger: self, txn: txn)
            if store.isLegacy {
                let old = SubjectKeyFile(directory: path)
                guard let bytes = try SubjectKeyFile.contents(of: old.path) else {
                    if try hasCases(txn) { throw store.damage("\(old.path) is missing") }
                    return
                }
                _ = try store.legacy()  // parsed: a damaged file is no backup
                try Self.writeNew(directory + "/" + SubjectKeyFile.name, bytes)
                return
            }
            // The copy's snapshot came before this transaction: its count is at most ours.
            let copied: UInt64 = try {
                let copy = try Ledger(path: directory, mode: .readOnly)
                return try copy.env.read { t in
                    try t.openIfExists(SubjectKeyStore.database).flatMap { try t.get($0, SubjectKeyStore.countKey) }.flatMap(BigEndian.uint64) ?? 0
                }
            }()
            unlink(directory + "/lock.mdb")
            guard copied > 0, let file = store.file else { return }
            guard copied <= store.count else { throw store.damage("the copy committed \(copied) keys, the store \(store.count)") }
            let slots = try file.slots(from: 0, count: Int(copied))
            for i in 0..<Int(copied) {
                if case .damaged(let why) = KeySlot.read(slots[(i * KeySlot.size)..<((i + 1) * KeySlot.size)], at: UInt64(i)) {
                    throw store.damage(why)
                }
            }
            try Self.writeNew(directory + "/" + KeySlotFile.name, KeySlotFile.header + slots)
        }
    }

    /// Creates `path` (0600, never over an existing file or link) holding `bytes`, synced.
    static func writeNew(_ path: String, _ bytes: [UInt8]) throws(LogError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw KeySlotFile.writeError(path, errno) }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw KeySlotFile.writeError(path, errno) }
            done += n
        }
        guard fsync(fd) == 0 else { throw KeySlotFile.writeError(path, errno) }
    }
}
