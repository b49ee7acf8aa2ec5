public import AlboDomain
public import Transparency
import LMDB

/// What one successful batch did.
public struct AppendSummary: Sendable, Equatable {
    public var appended: Int
    public var duplicates: Int
    public var firstSeq: UInt64?
    public var lastSeq: UInt64?
    public var treeSize: UInt64
    public var rootHash: TreeHash
}

/// A batch that broke rules: every violation found, and nothing written.
public struct AppendRejected: Error, Sendable {
    /// The violations, in line order (capped at `limit`).
    public var violations: [Violation]
    /// How many more were found than are listed.
    public var omitted: Int
    /// The most violations kept in memory for one batch.
    public static let limit = 10_000

    /// True when every violation is a conflict (exit 75) rather than invalid input (65).
    public var isConflict: Bool { omitted == 0 && violations.allSatisfy(\.isConflict) }
}

extension Ledger {
    /// Appends `input` as one atomic batch: one write transaction, committed only if
    /// every line passes every rule; otherwise `AppendRejected` lists them all.
    ///
    /// `progress` is called with the number of lines read so far, now and then.
    /// `recordedAt` fixes the batch's timestamp (stored form) instead of the clock, for
    /// reproducible stores; it must not be earlier than the last batch's.
    /// `claimRule` checks claims and their payments against the payment rules; without it,
    /// a batch that records a claim (or voids one) is refused.
    func append(_ input: BatchInput, recordedAt: String? = nil, claimRule: (any BatchRule)? = nil,
                       progress: ((Int) -> Void)? = nil) throws -> AppendSummary {
        try append(input, recordedAt: recordedAt, allowsErasure: false, claimRule: claimRule, progress: progress)
    }

    /// `append`, with `allowsErasure` set only by `erase`: input may not record a `SubjectErased`.
    func append(_ input: BatchInput, recordedAt: String?, allowsErasure: Bool, claimRule: (any BatchRule)? = nil,
                progress: ((Int) -> Void)?) throws -> AppendSummary {
        // Reserve room for records, hashes and indexes up front, so the batch rarely
        // has to be run again after MDB_MAP_FULL.
        guard !env.isReadOnly else { throw LogError(.readOnly, "the store at \(path) is open read-only: nothing was written") }
        return try writerLock.exclusively { try appendHoldingLock(input, recordedAt: recordedAt, allowsErasure: allowsErasure, claimRule: claimRule, progress: progress) }
    }

    /// `append` for a caller that holds the writer lock already (`erase`).
    func appendHoldingLock(_ input: BatchInput, recordedAt: String?, allowsErasure: Bool, claimRule: (any BatchRule)? = nil,
                           progress: ((Int) -> Void)?) throws -> AppendSummary {
        try env.reserve(input.byteCount * 3 + (1 << 20))
        defer { CommitWindow.close() }
        do {
            let summary = try env.write { txn in try appendBatch(txn, input, recordedAt, allowsErasure, claimRule, progress) }
            if isSealed { try finishKeysMigration() }
            return summary
        } catch {
            if isSealed { reclaimUncommittedKeys() }
            throw error
        }
    }

    private func appendBatch(_ txn: Transaction, _ input: BatchInput, _ clock: String?, _ allowsErasure: Bool,
                             _ claimRule: (any BatchRule)?, _ progress: ((Int) -> Void)?) throws -> AppendSummary {
        let start = try size(txn)
        let sealer = isSealed ? try BatchSealer(ledger: self, txn: txn) : nil
        var frontier = try TreeFrontier(size: Int64(start), reader: hashReader(txn))
        let facts = FactStore(txn: txn, db: db, ledger: self)
        let now = clock ?? Timestamp.now()
        let recordedAt = max(now, try lastRecordedAt(txn) ?? now)
        var next = start
        var duplicates = 0
        var violations: [Violation] = []
        var omitted = 0
        var record: [UInt8] = []
        record.reserveCapacity(1024)
        var hashes: [TreeHash] = []
        var linesRead = 0

        func report(_ items: [Violation]) {
            for v in items {
                if violations.count < AppendRejected.limit { violations.append(v) } else { omitted += 1 }
            }
        }

        // Three chunks are in flight: while this thread applies the rules to chunk k and
        // writes it, in order, chunk k+1 is being sealed and chunk k+2 parsed, decoded and
        // canonicalised, on the other cores. Sealing needs only subjects and keys, which
        // `preseal` assigns here in line order before chunk k is written (a line it cannot
        // settle ahead is sealed in order by `storedData`).
        typealias Ready = (parts: [[DecodedLine]], presealed: [BatchSealer.Presealed?])
        func ready(_ parts: [[DecodedLine]]) -> Ready {
            (parts, parts.map { sealer?.preseal($0) })
        }
        func process(_ chunk: Ready) throws {
            for (part, presealed) in zip(chunk.parts, chunk.presealed) { try process(part, presealed) }
            if facts.cachedCount > 200_000 { try facts.flushAndEvict() }
        }
        func process(_ decodedLines: [DecodedLine], _ presealed: BatchSealer.Presealed?) throws {
            for (index, decoded) in decodedLines.enumerated() {
                if decoded.isBlank { continue }
                guard let event = decoded.event else { report(decoded.violations); continue }
                let sink = ViolationSink(line: decoded.line)
                sink.eventId = event.id
                defer { report(sink.items) }
                if event.type == .subjectErased && !allowsErasure {
                    sink.add("type", "erasure.command", "a SubjectErased is recorded by `albo erase` only, which also destroys the subject's key.")
                    continue
                }
                if let existing = try txn.get(db.ids, decoded.idBytes).flatMap(BigEndian.uint64) {
                    if try isSameContent(event, dataBytes: decoded.dataBytes, asStored: existing, txn, sealer) {
                        duplicates += 1
                    } else {
                        sink.add("id", Violation.idConflict, "id \(event.id) is already recorded (seq \(existing)) with other content; use a new id for a new event.")
                    }
                    continue
                }
                guard let stream = try LedgerRules.check(event, against: facts, sink: sink) else { continue }
                if try needsClaimRule(event, facts) {
                    guard let claimRule else {
                        sink.add("type", "claim.rules", "a \(event.type.rawValue) (or its void) is checked against the payment rules: record it with `albo append` or `albo claim`.")
                        continue
                    }
                    let before = sink.items.count
                    try claimRule.check(event, in: try LogSnapshot(ledger: self, txn: txn), sink: sink)
                    if sink.items.count > before { continue }
                }
                var dataBytes = decoded.dataBytes
                if let sealed = try presealed?.data(index) {
                    dataBytes = sealed
                } else if let sealer {
                    do { dataBytes = try sealer.storedData(event, dataBytes: dataBytes, stream: stream, line: decoded.line) } catch let r as BatchSealer.Refusal {
                        sink.add(r.path, r.rule, r.message)
                        continue
                    }
                }
                let position = next
                let version = try LedgerRules.nextVersion(of: stream, in: facts)
                record.removeAll(keepingCapacity: true)
                StoredRecord.canonicalBytes(dataBytes: dataBytes, id: event.id, recordedAt: recordedAt, recordedBy: event.recordedBy,
                                            seq: position, stream: stream, type: event.type, version: version,
                                            schema: event.payload.writtenVersion, into: &record)
                try BigEndian.withBytes(position) { key in
                    try record.withUnsafeBytes { try txn.put(db.events, key, $0, .append) }
                    try decoded.idBytes.withUnsafeBytes { try txn.put(db.ids, $0, key, .noOverwrite) }
                    try Keys.stream(stream, version: version).withUnsafeBytes { try txn.put(db.streams, $0, key, .noOverwrite) }
                }
                hashes.removeAll(keepingCapacity: true)
                frontier.append(leaf: record.withUnsafeBytes { MerkleHash.leafHash($0) }, into: &hashes)
                var index = UInt64(MerkleTree.storedHashCount(Int64(position)))
                for hash in hashes {
                    try BigEndian.withBytes(index) { key in try hash.withUnsafeBytes { try txn.put(db.tree, key, $0, .append) } }
                    index += 1
                }
                try LedgerRules.apply(event, seq: position, stream: stream, version: version, to: facts)
                next += 1
            }
            linesRead += decodedLines.count
            progress?(linesRead)
        }
        var decoding: Parallel.Future<[[DecodedLine]]>?
        var sealing: Ready?
        func processSealing() throws {
            guard sealing != nil else { return }
            let held = Parallel.Holder(sealing.take()!)
            try process(held.value!)
            Parallel.dispose(held)
        }
        /// Starts sealing the chunk just decoded, then writes the one sealed before it.
        func advance() throws {
            guard let decoded = decoding.take() else { return }
            let next = ready(try decoded.value())
            try processSealing()
            sealing = next
        }
        try input.forEachChunk(maxLines: 8192) { buffer, lines in
            let chunk = Parallel.Future { try LineDecoder.decode(buffer, lines) }
            try advance()
            decoding = chunk
        }
        try advance()
        try processSealing()
        if !violations.isEmpty {
            throw AppendRejected(violations: violations, omitted: omitted)
        }
        try facts.flush()
        try sealer?.saveKeys()
        if next > start {
            try txn.put(db.meta, Array("lastRecordedAt".utf8), Array(recordedAt.utf8))
        }
        return AppendSummary(appended: Int(next - start), duplicates: duplicates,
                             firstSeq: next > start ? start : nil, lastSeq: next > start ? next - 1 : nil,
                             treeSize: next, rootHash: frontier.root)
    }

    /// Whether a resubmitted event carries the content already stored under its id.
    ///
    /// Compared as canonical bytes: Swift's `String ==` treats "é" and "e\u{301}" as equal,
    /// but they hash differently, so only byte equality is "the same content".
    ///
    /// In a sealed store the incoming data are sealed as they would have been (sealing is
    /// deterministic); when the subject has been erased that cannot be done, and it is a conflict.
    private func isSameContent(_ event: IncomingEvent, dataBytes: [UInt8], asStored seq: UInt64, _ txn: Transaction,
                               _ sealer: BatchSealer?) throws -> Bool {
        guard let raw = try recordBytes(txn, seq: seq) else { return false }
        let stored = try StoredRecord.parse(raw)
        guard stored.type == event.type && stored.recordedBy.utf8.elementsEqual(event.recordedBy.utf8) else { return false }
        guard let sealer else { return stored.dataBytes == dataBytes }
        return try sealer.expectedStoredData(event, dataBytes: dataBytes, stored: stored) == stored.dataBytes
    }
}
