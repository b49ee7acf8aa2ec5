public import AlboDomain
public import Transparency
import LMDB

/// A consistent, read-only view of the log: everything that was committed when the view
/// began, nothing after, however long it is used. It lives inside one LMDB read
/// transaction, so it is valid only inside the `Ledger.read` call that made it, and
/// byte buffers it hands out are valid only that long too.
///
/// Readers never wait for writers: a running append does not slow a snapshot down.
public struct LogSnapshot {
    let ledger: Ledger
    let txn: Transaction
    /// The number of events in the view: the Merkle tree size.
    public let size: UInt64

    init(ledger: Ledger, txn: Transaction) throws {
        self.ledger = ledger
        self.txn = txn
        self.size = try ledger.size(txn)
    }

    /// The store's origin, the first line of every checkpoint.
    public var origin: String { ledger.origin }

    /// The stored bytes of event `seq` (nil past the end), valid while the view lives.
    public func recordBytes(seq: UInt64) throws -> UnsafeRawBufferPointer? {
        try ledger.recordBytes(txn, seq: seq)
    }

    /// The stored record `seq`, read back from its bytes; a missing record is damage.
    public func record(seq: UInt64) throws -> StoredRecord {
        guard let raw = try recordBytes(seq: seq) else {
            throw LogError(.corrupt, "an index names seq \(seq), which is not in the log")
        }
        do { return try StoredRecord.parse(raw) } catch {
            throw LogError(.corrupt, "the record at seq \(seq) cannot be read: \(error)")
        }
    }

    /// The stored records at `seqs`, in that order, read back on all cores (the lookups run
    /// on this thread, the decoding in parallel); a missing record is damage.
    public func records(seqs: [UInt64]) throws -> [StoredRecord] {
        let bytes = MappedBytes(try seqs.map { seq in
            guard let raw = try recordBytes(seq: seq) else {
                throw LogError(.corrupt, "an index names seq \(seq), which is not in the log")
            }
            return raw
        })
        return try Parallel.map(bytes.count, parts: MappedBytes.parts(bytes.count)) { range in
            var reader = RecordReader()
            return try range.map { i in
                do { return try reader.record(bytes[i]) } catch {
                    throw LogError(.corrupt, "the record at seq \(seqs[i]) cannot be read: \(error)")
                }
            }
        }.flatMap { $0 }
    }

    /// The seq of the event with this UUID (any case), nil if unknown.
    public func seq(id: String) throws -> UInt64? { try ledger.seq(txn, id: id) }

    /// The seqs of a stream's events, in version order.
    public func streamSeqs(_ stream: StreamName) throws -> [UInt64] {
        try ledger.streamSeqs(txn, stream: stream.rawValue)
    }

    /// The seq of the event that voided `seq`, nil while it is live.
    public func voidingSeq(of seq: UInt64) throws -> UInt64? { try ledger.voidingSeq(txn, of: seq) }

    /// Calls `body` with the stored bytes of each of `seqs` (ascending) that is in the log,
    /// reading forward with the pages ahead asked for in advance.
    public func forEachRecord(seqs: [UInt64], _ body: (UInt64, UnsafeRawBufferPointer) throws -> Void) throws {
        try ledger.forEachRecord(txn, seqs: seqs, body)
    }

    /// Calls `body` with each record in `range` (by seq), in order: the replay path.
    public func forEachRecord(in range: Range<UInt64>, _ body: (UInt64, UnsafeRawBufferPointer) throws -> Void) throws {
        try ledger.forEachRecord(txn, in: range, body)
    }

    /// Calls `body` with each stream of `kind`, in name order, with its seqs in version order.
    public func forEachStream(_ kind: StreamName.Kind, _ body: (StreamName, [UInt64]) throws -> Void) throws {
        try ledger.forEachStream(txn, prefix: kind.prefix) { name, seqs in
            guard let stream = StreamName(name) else { throw LogError(.corrupt, "the stream index holds a malformed stream name") }
            try body(stream, seqs)
        }
    }

    /// The tree size an `--as-of` names (the whole view when nil).
    public func treeSize(asOf: AsOf?) throws -> UInt64 { try ledger.treeSize(txn, asOf: asOf) }

    /// The root hash of the first `size` leaves.
    public func rootHash(size: UInt64) throws -> TreeHash { try ledger.rootHash(txn, size: size) }

    /// The stored hashes of the tree, for building proofs.
    public var hashes: some HashReader { ledger.hashReader(txn) }

    /// Proves that record `seq` is in the tree of `size` leaves (the view's size when nil).
    public func inclusionProof(seq: UInt64, size: UInt64? = nil) throws -> InclusionProof {
        try ledger.inclusionProof(txn, seq: seq, size: size ?? self.size)
    }

    /// Proves that the tree of `from` leaves is a prefix of the tree of `to` leaves.
    public func consistencyProof(from: UInt64, to: UInt64? = nil) throws -> ConsistencyProof {
        try ledger.consistencyProof(txn, from: from, to: to ?? size)
    }

    /// The C2SP checkpoint of the tree of `size` leaves (the view's size when nil).
    public func checkpoint(size: UInt64? = nil) throws -> Checkpoint {
        try ledger.checkpoint(txn, size: size ?? self.size)
    }
}

extension Ledger {
    /// Runs `body` over a consistent read-only view of the log, in one read transaction.
    /// Never waits for a writer. Do not begin another `read` or `write` inside `body`.
    func read<T>(_ body: (LogSnapshot) throws -> T) throws -> T {
        try env.read { txn in try body(try LogSnapshot(ledger: self, txn: txn)) }
    }
}
