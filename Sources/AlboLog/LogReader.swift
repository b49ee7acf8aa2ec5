public import AlboSealing
public import Transparency

/// What may read a store, and nothing more (GRDB's `DatabaseReader`): snapshots of the log,
/// scans, proofs, verification, the sealing keys, projection reads and backups. It cannot
/// append, erase or write projections, and nothing turns it into a `LogWriter`: projections,
/// evidence, reports and publication receive this type.
public struct LogReader: Sendable {
    let ledger: Ledger

    init(_ ledger: Ledger) { self.ledger = ledger }

    /// The first line of every checkpoint.
    public var origin: String { ledger.origin }
    /// The directory of the store.
    public var path: String { ledger.path }
    /// Whether the store was opened read-only (then no `LogWriter` exists for it).
    public var isReadOnly: Bool { ledger.isReadOnly }
    /// Opened without LMDB's lock file (a read-only medium): safe only while nobody writes.
    public var isLockless: Bool { ledger.isLockless }
    /// Whether personal fields are sealed in this store.
    public var isSealed: Bool { ledger.isSealed }

    // MARK: - The log

    /// The number of events in the log, which is the Merkle tree size.
    public func size() throws -> UInt64 { try ledger.size() }

    /// Runs `body` over a consistent read-only view of the log, in one read transaction.
    /// Never waits for a writer. Do not begin another read or write inside `body`.
    public func read<T>(_ body: (LogSnapshot) throws -> T) throws -> T { try ledger.read(body) }

    /// Runs `body` in one read transaction over the projections and the log.
    public func readProjections<T>(_ body: (ProjectionTransaction) throws -> T) throws -> T {
        try ledger.readProjections(body)
    }

    /// Checks every record, index and tree node against the rules (see `Ledger.verify`).
    public func verify(chunk: UInt64 = 16_384, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> VerificationReport {
        try ledger.verify(chunk: chunk, progress: progress)
    }

    /// Checks a signed checkpoint against today's log: signature, origin, and that the log
    /// still holds that tree as its prefix; leads to `logRoot` when given.
    public func verify(signedCheckpoint note: String, verifier: NoteVerifier, logRoot: TreeHash? = nil) throws -> [VerificationProblem] {
        try ledger.verify(signedCheckpoint: note, verifier: verifier, logRoot: logRoot)
    }

    // MARK: - Keys

    /// The keys of `subjects` (those the store has).
    public func keyring(for subjects: Set<String>) throws -> Keyring { try ledger.keyring(for: subjects) }

    /// Every key the store has.
    public func keyring() throws -> Keyring { try ledger.keyring() }

    /// The subject reference of `person`, nil when the store has none.
    public func subject(ofPerson person: String) throws -> String? { try ledger.subject(ofPerson: person) }

    /// Whether the log records `subject` as erased.
    public func isRecordedErased(_ subject: String) throws -> Bool { try ledger.isRecordedErased(subject) }

    // MARK: - Copies (they read the store and write elsewhere)

    /// Writes a whole, owner-only copy of the store (log and keys) to `destination` (see
    /// `Ledger.backup`).
    public func backup(to destination: String) throws { try ledger.backup(to: destination) }

    /// Writes a consistent, compacted copy of the LMDB environment into the existing empty
    /// directory `destination`, while other processes go on appending.
    public func copy(to destination: String) throws { try ledger.copy(to: destination) }
}
