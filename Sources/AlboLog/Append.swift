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
    public func append(_ input: BatchInput, recordedAt: String? = nil, progress: ((Int) -> Void)? = nil) throws -> AppendSummary {
        // Reserve room for records, hashes and indexes up front, so the batch rarely
        // has to be run again after MDB_MAP_FULL.
        guard !env.isReadOnly else { throw LogError(.readOnly, "the store at \(path) is open read-only: nothing was written") }
        return try writerLock.exclusively {
            try env.reserve(input.byteCount * 3 + (1 << 20))
            return try env.write { txn in try appendBatch(txn, input, recordedAt, progress) }
        }
    }

    private func appendBatch(_ txn: Transaction, _ input: BatchInput, _ clock: String?, _ progress: ((Int) -> Void)?) throws -> AppendSummary {
        let start = try size(txn)
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

        // The stateless stage (parse, decode, canonicalise) of chunk k+1 runs on the other
        // cores while this thread applies the rules to chunk k and writes it, in order.
        func process(_ parts: [[DecodedLine]]) throws {
            for part in parts { try process(part) }
            if facts.cachedCount > 200_000 { try facts.flushAndEvict() }
        }
        func process(_ decodedLines: [DecodedLine]) throws {
            for decoded in decodedLines {
                if decoded.isBlank { continue }
                guard let event = decoded.event else { report(decoded.violations); continue }
                let sink = ViolationSink(line: decoded.line)
                sink.eventId = event.id
                defer { report(sink.items) }
                if let existing = try txn.get(db.ids, decoded.idBytes).flatMap(BigEndian.uint64) {
                    if try isSameContent(event, dataBytes: decoded.dataBytes, asStored: existing, txn) {
                        duplicates += 1
                    } else {
                        sink.add("id", Violation.idConflict, "id \(event.id) is already recorded (seq \(existing)) with other content; use a new id for a new event.")
                    }
                    continue
                }
                guard let stream = try LedgerRules.check(event, against: facts, sink: sink) else { continue }
                let position = next
                let version = try LedgerRules.nextVersion(of: stream, in: facts)
                record.removeAll(keepingCapacity: true)
                StoredRecord.canonicalBytes(dataBytes: decoded.dataBytes, id: event.id, recordedAt: recordedAt, recordedBy: event.recordedBy,
                                            seq: position, stream: stream, type: event.type, version: version, into: &record)
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
        var pending: Parallel.Future<[[DecodedLine]]>?
        try input.forEachChunk(maxLines: 8192) { buffer, lines in
            let chunk = Parallel.Future { try LineDecoder.decode(buffer, lines) }
            if let previous = pending { try process(try previous.value()) }
            pending = chunk
        }
        if let last = pending { try process(try last.value()) }
        if !violations.isEmpty {
            throw AppendRejected(violations: violations, omitted: omitted)
        }
        try facts.flush()
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
    private func isSameContent(_ event: IncomingEvent, dataBytes: [UInt8], asStored seq: UInt64, _ txn: Transaction) throws -> Bool {
        guard let raw = try recordBytes(txn, seq: seq) else { return false }
        let stored = try StoredRecord.parse(raw)
        return stored.type == event.type && stored.recordedBy.utf8.elementsEqual(event.recordedBy.utf8)
            && stored.dataBytes == dataBytes
    }
}
