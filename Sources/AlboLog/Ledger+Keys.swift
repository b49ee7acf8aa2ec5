public import AlboSealing
import AlboDomain
import LMDB
import Glibc

extension Ledger {
    /// The keys of `subjects`, for opening their records: each one live or recorded erased
    /// (left out). Throws `keysDamaged` when a key is missing, damaged or names another
    /// subject, `keysUnreadable` when this user may not read the keys.
    func keyring(for subjects: Set<String>) throws -> Keyring {
        guard isSealed, !subjects.isEmpty else { return Keyring() }
        return try env.read { txn in try SubjectKeyStore(ledger: self, txn: txn).keyring(for: subjects) }
    }

    /// Every live key with its person, each entry checked.
    func keyring() throws -> Keyring {
        guard isSealed else { return Keyring() }
        return try env.read { txn in try SubjectKeyStore(ledger: self, txn: txn).keyring() }
    }

    /// The subject reference of `person`, nil when the person is unknown or already erased.
    func subject(ofPerson person: String) throws -> String? {
        guard isSealed else { return nil }
        return try env.read { txn in try SubjectKeyStore(ledger: self, txn: txn).subject(ofPerson: person)?.subject }
    }

    /// Whether a `SubjectErased` for `subject` is in the log, inside `txn`.
    func isRecordedErased(_ txn: Transaction, _ subject: String) throws -> Bool {
        try !streamSeqs(txn, stream: StreamName(.subject, subject).rawValue).isEmpty
    }

    /// Whether the log holds a case stream (so, in a sealed store, a subject with a key).
    func hasCases(_ txn: Transaction) throws -> Bool {
        let prefix = Array("case:".utf8)
        return try txn.withCursor(db.streams) { c in try c.seek(prefix).map { $0.key.starts(with: prefix) } ?? false }
    }

    /// After a commit that moved the old `subjects.keys` into the keys store: wipes the old file.
    func finishKeysMigration() throws {
        let old = SubjectKeyFile(directory: path)
        var st = stat()
        guard lstat(old.path, &st) == 0 else { return }
        let migrated = try env.read { txn in try txn.openIfExists(SubjectKeyStore.database) != nil }
        if migrated { try old.wipe() }
    }

    /// After a batch that did not commit: zeroes the slots it wrote past the committed count.
    /// Best effort (the next writer does it too); the batch's own error is what is reported.
    func reclaimUncommittedKeys() {
        guard let count = try? env.read({ txn -> UInt64? in
            guard let index = try txn.openIfExists(SubjectKeyStore.database) else { return nil }
            return try txn.get(index, SubjectKeyStore.countKey).flatMap(BigEndian.uint64) ?? 0
        }), let file = try? KeySlotFile.open(directory: path, writing: true) else { return }
        try? file.reclaim(from: count)
    }
}
