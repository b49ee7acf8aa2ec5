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
    public func append(_ input: BatchInput, progress: ((Int) -> Void)? = nil) throws -> AppendSummary {
        // Reserve room for records, hashes and indexes up front, so the batch rarely
        // has to be run again after MDB_MAP_FULL.
        try env.reserve(input.byteCount * 3 + (1 << 20))
        return try env.write { txn in try appendBatch(txn, input, progress) }
    }

    private func appendBatch(_ txn: Transaction, _ input: BatchInput, _ progress: ((Int) -> Void)?) throws -> AppendSummary {
        let start = try size(txn)
        var frontier = try TreeFrontier(size: Int64(start), reader: hashReader(txn))
        let facts = FactStore(txn: txn, db: db, ledger: self, heads: StreamHeads())
        let now = Timestamp.now()
        let recordedAt = max(now, try lastRecordedAt(txn) ?? now)
        var next = start
        var duplicates = 0
        var violations: [Violation] = []
        var omitted = 0
        var record: [UInt8] = []
        record.reserveCapacity(1024)

        try input.forEachLine { line, bytes in
            if line & 0xFFFF == 0 { progress?(line) }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
            let sink = ViolationSink(line: line)
            defer {
                for v in sink.items {
                    if violations.count < AppendRejected.limit { violations.append(v) } else { omitted += 1 }
                }
            }
            let value: JSONValue
            do { value = try JSONParser.parse(bytes) } catch {
                sink.add("", "json", "not valid JSON: \(error)")
                return
            }
            guard let event = EventDecoder.decode(value, sink: sink) else { return }
            if let existing = try seq(txn, id: event.id) {
                if try isSameContent(event, asStored: existing, txn) {
                    duplicates += 1
                } else {
                    sink.add("id", Violation.idConflict, "id \(event.id) is already recorded (seq \(existing)) with other content; use a new id for a new event.")
                }
                return
            }
            guard let stream = try LedgerRules.check(event, against: facts, sink: sink) else { return }
            let position = next
            let version = try facts.streamVersion(stream) + 1
            facts.heads.versions[stream] = version
            record.removeAll(keepingCapacity: true)
            StoredRecord.canonicalBytes(data: event.data, id: event.id, recordedAt: recordedAt, recordedBy: event.recordedBy,
                                        seq: position, stream: stream, type: event.type, version: version, into: &record)
            try BigEndian.withBytes(position) { key in
                try record.withUnsafeBytes { try txn.put(db.events, key, $0, .append) }
                try txn.put(db.ids, Identifier.uuidBytes(event.id), Array(key), .noOverwrite)
                try txn.put(db.streams, Keys.stream(stream, version: version), Array(key), .noOverwrite)
            }
            let leaf = record.withUnsafeBytes { MerkleHash.leafHash($0) }
            var index = UInt64(MerkleTree.storedHashCount(Int64(position)))
            for hash in frontier.append(leaf: leaf) {
                try BigEndian.withBytes(index) { key in try hash.withUnsafeBytes { try txn.put(db.tree, key, $0, .append) } }
                index += 1
            }
            try LedgerRules.apply(event, seq: position, to: facts)
            next += 1
        }
        if !violations.isEmpty {
            throw AppendRejected(violations: violations, omitted: omitted)
        }
        if next > start {
            try txn.put(db.meta, Array("lastRecordedAt".utf8), Array(recordedAt.utf8))
        }
        return AppendSummary(appended: Int(next - start), duplicates: duplicates,
                             firstSeq: next > start ? start : nil, lastSeq: next > start ? next - 1 : nil,
                             treeSize: next, rootHash: frontier.root)
    }

    /// Whether a resubmitted event carries the content already stored under its id.
    private func isSameContent(_ event: IncomingEvent, asStored seq: UInt64, _ txn: Transaction) throws -> Bool {
        guard let raw = try recordBytes(txn, seq: seq) else { return false }
        let stored = try StoredRecord.parse(raw)
        return stored.type == event.type && stored.recordedBy == event.recordedBy && stored.data == event.data
    }
}
