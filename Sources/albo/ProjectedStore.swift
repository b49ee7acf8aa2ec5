import AlboLog
import AlboProjections
import Foundation

/// A store to answer from through its projections, whoever may write it.
///
/// A store this user cannot write (an auditor's copy, a read-only medium) keeps the
/// projections it was given. When they cannot answer (never built there, or built by another
/// version of albo; with `upToDate`, also when merely behind the log), the answer comes from
/// a private copy: the log is copied into a new temporary directory only this user may read,
/// the projections catch up in the copy, and the copy is deleted when `body` returns. The
/// store itself is never written.
enum ProjectedStore {
    static func withLedger<T>(_ options: StoreOptions, upToDate: Bool, _ body: (Ledger) throws -> T) throws -> T {
        let ledger = try options.openForReading()
        guard ledger.isReadOnly else { return try body(ledger) }
        let runner = try ProjectionRunner(store: ledger)
        let answers = try ledger.reader.readProjections { txn in
            if upToDate { return try !runner.isBehind(txn) }
            return try runner.status(txn).allSatisfy(\.isCurrent)
        }
        if answers { return try body(ledger) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("albo-projections-" + UUID().uuidString).path
        guard mkdir(scratch, 0o700) == 0 else {
            throw CLIFailure(code: Exit.internalError, message: "the store \(ledger.path) is read-only and its projections are not built; cannot create \(scratch) to build them in a private copy: \(String(cString: strerror(errno))) (set TMPDIR to a writable directory)")
        }
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        printError("note: the store is read-only and its projections are not up to date there: answering from a private copy in \(scratch) (deleted afterwards)")
        // A backup of the store: its log and, when sealed, its keys (so that personal fields
        // read as they do in the store), owner-only.
        let store = scratch + "/store"
        try ledger.reader.backup(to: store)
        let copy = try Ledger(path: store)
        try ProjectionRunner(store: copy).catchUp()
        return try body(copy)
    }
}
