public import Transparency
import AlboDomain
import Foundation
import LMDB

/// One problem `verify` found: where (a seq when it concerns one event), which check, and what.
public struct VerificationProblem: Sendable, Hashable, CustomStringConvertible {
    public var seq: UInt64?
    /// A stable name of the check, e.g. `record.canonical`, `tree.node`, `index.id`.
    public var check: String
    public var message: String

    public var description: String { (seq.map { "seq \($0): " } ?? "") + message + " [\(check)]" }

    public init(seq: UInt64?, check: String, message: String) {
        self.seq = seq
        self.check = check
        self.message = message
    }
}

/// What `verify` found: the tree it recomputed from the stored bytes, and every problem.
public struct VerificationReport: Sendable {
    public var treeSize: UInt64
    /// The root recomputed from the stored record bytes.
    public var rootHash: TreeHash
    public var problems: [VerificationProblem]
    public var ok: Bool { problems.isEmpty }
}

extension Ledger {
    /// Recomputes, from the stored record bytes alone, every record's canonical form and
    /// leaf hash, every stored tree node and the root, the id and stream indexes with
    /// gapless versions, the voids, and the facts the append rules keep.
    ///
    /// Records are checked in chunks, each in its own short read transaction, on all cores;
    /// the tree, versions and facts are then folded in seq order. `chunk` is the number of
    /// records per worker and transaction.
    func verify(chunk: UInt64 = 16_384, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> VerificationReport {
        let size = try self.size()
        var problems = ProblemList()
        var frontier = TreeFrontier()
        var voidCount = 0
        var subjects = SubjectCensus()
        let facts = MemoryFacts { [self] id in
            try env.read { txn in
                guard let seq = try seq(txn, id: id), let raw = try recordBytes(txn, seq: seq) else { return nil }
                let r = try StoredRecord.parse(raw)
                return RecordedEventFacts(seq: seq, stream: r.stream, isVoided: false, payload: r.payload)
            }
        }
        let workers = UInt64(Parallel.workers)
        var stored: [TreeHash] = []
        // One round is a chunk per worker, each in its own short read transaction; the next
        // round is checked in the background while this thread folds the last one in order.
        func round(_ start: UInt64) -> Parallel.Future<[ChunkResult]> {
            Parallel.Future { [self] in
                let ranges = (0..<workers).map { w in min(size, start + w * chunk)..<min(size, start + (w + 1) * chunk) }
                return try Parallel.map(ranges.count) { slice in try slice.map { try checkChunk(ranges[$0]) } }.flatMap { $0 }
            }
        }
        var start: UInt64 = 0
        var pending = size > 0 ? round(0) : nil
        while let current = pending {
            let results = try current.value()
            let end = min(size, start + workers * chunk)
            pending = end < size ? round(end) : nil
            for r in results where !r.items.isEmpty || !r.problems.items.isEmpty {
                problems.append(contentsOf: r.problems)
                var storedIndex = 0
                for item in r.items {
                    stored.removeAll(keepingCapacity: true)
                    frontier.append(leaf: item.leaf, into: &stored)
                    for (level, h) in stored.enumerated() {
                        let index = storedIndex
                        storedIndex += 1
                        if index >= r.storedHashes.count || r.storedHashes[index] != h {
                            let what = level == 0 ? "leaf hash" : "tree node (level \(level))"
                            problems.add(item.seq, level == 0 ? "tree.leaf" : "tree.node",
                                         "the stored \(what) does not match the hash recomputed from the record bytes")
                        }
                    }
                    guard let record = item.record else { continue }
                    let expected = try LedgerRules.nextVersion(of: record.stream, in: facts)
                    if record.version != expected {
                        problems.add(item.seq, "stream.version", "\(record.stream) jumps to version \(record.version) where \(expected) was due")
                    }
                    if record.type == .eventVoided { voidCount += 1 }
                    if isSealed { subjects.count(record) }
                    try LedgerRules.apply(IncomingEvent(record), seq: item.seq, stream: record.stream, version: record.version, to: facts)
                }
            }
            start = end
            progress?(start, size)
        }
        try env.read { txn in
            guard try self.size(txn) == size else { return }  // grew meanwhile: the counts below would not match
            try checkCounts(txn, size: size, voids: voidCount, into: &problems)
            try checkFacts(txn, facts, into: &problems)
            if isSealed { try checkKeys(txn, subjects, into: &problems) }
        }
        return VerificationReport(treeSize: size, rootHash: frontier.root, problems: problems.items)
    }

    /// The per-record checks of one chunk, in its own read transaction.
    private func checkChunk(_ range: Range<UInt64>) throws -> ChunkResult {
        var result = ChunkResult()
        guard !range.isEmpty else { return result }
        try env.read { txn in
            let lo = MerkleTree.storedHashCount(Int64(range.lowerBound))
            let hi = MerkleTree.storedHashCount(Int64(range.upperBound))
            result.storedHashes = try storedHashes(txn, UInt64(lo)..<UInt64(hi))
            if result.storedHashes.count != Int(hi - lo) {
                result.problems.add(range.lowerBound, "tree.missing", "stored tree hashes for seq \(range.lowerBound)–\(range.upperBound - 1) are missing")
            }
            var expected = range.lowerBound
            var reader = RecordReader()
            try forEachRecord(txn, in: range) { seq, raw in
                while expected < seq {
                    result.problems.add(expected, "record.missing", "no record is stored at this seq")
                    result.items.append(ChunkItem(seq: expected, leaf: MerkleHash.emptyRoot, record: nil))
                    expected += 1
                }
                expected = seq + 1
                let leaf = MerkleHash.leafHash(raw)
                // Read from the bytes in place; the form check re-encodes into the reader's
                // own buffer and compares, so it proves exactly what parse-encode-compare did.
                guard let (record, isCanonical) = try? reader.recordAndForm(raw) else {
                    result.problems.add(seq, "record.format", "the stored bytes are not a valid record")
                    result.items.append(ChunkItem(seq: seq, leaf: leaf, record: nil))
                    return
                }
                if !isCanonical {
                    result.problems.add(seq, "record.canonical", "the stored bytes are not the RFC 8785 form of the record")
                }
                if record.seq != seq { result.problems.add(seq, "record.seq", "the record says seq \(record.seq)") }
                if try self.seq(txn, id: record.id) != seq {
                    result.problems.add(seq, "index.id", "the id index does not map \(record.id) to this seq")
                }
                let key = Keys.stream(record.stream, version: record.version)
                if try txn.get(db.streams, key).flatMap(BigEndian.uint64) != seq {
                    result.problems.add(seq, "index.stream", "the stream index does not map \(record.stream) v\(record.version) to this seq")
                }
                if isSealed {
                    for message in Ledger.sealingProblems(record) { result.problems.add(seq, "record.sealing", message) }
                }
                if case .eventVoided(let v) = record.payload {
                    let target = try self.seq(txn, id: v.eventId)
                    if target == nil || target.map({ try? voidingSeq(txn, of: $0) }) != .some(seq) {
                        result.problems.add(seq, "index.void", "the void index does not record this void of \(v.eventId)")
                    }
                }
                result.items.append(ChunkItem(seq: seq, leaf: leaf, record: record))
            }
            while expected < range.upperBound {
                result.problems.add(expected, "record.missing", "no record is stored at this seq")
                result.items.append(ChunkItem(seq: expected, leaf: MerkleHash.emptyRoot, record: nil))
                expected += 1
            }
        }
        return result
    }

    /// The stored tree hashes with indexes in `range`, read with one cursor in key order;
    /// stops at the first gap or malformed hash (the caller reports a short result).
    private func storedHashes(_ txn: Transaction, _ range: Range<UInt64>) throws -> [TreeHash] {
        var out: [TreeHash] = []
        out.reserveCapacity(range.count)
        try txn.withCursor(db.tree) { c in
            var entry = try BigEndian.withBytes(range.lowerBound) { try c.seek($0) }
            var next = range.lowerBound
            while next < range.upperBound, let e = entry, BigEndian.uint64(e.key) == next, let h = TreeHash(bytes: e.value) {
                out.append(h)
                next += 1
                entry = try c.next()
            }
        }
        return out
    }

    private func checkCounts(_ txn: Transaction, size: UInt64, voids: Int, into problems: inout ProblemList) throws {
        let expectations: [(Database, Int, String)] = [
            (db.events, Int(size), "events"), (db.ids, Int(size), "id index"), (db.streams, Int(size), "stream index"),
            (db.tree, Int(MerkleTree.storedHashCount(Int64(size))), "tree"), (db.voids, voids, "void index"),
        ]
        for (database, expected, name) in expectations {
            let n = try txn.count(database)
            if n != expected {
                problems.add(nil, "count." + database.name, "the \(name) holds \(n) entries where \(expected) are due")
            }
        }
    }

    private func checkFacts(_ txn: Transaction, _ expected: MemoryFacts, into problems: inout ProblemList) throws {
        var keys: [UnsafeRawBufferPointer] = [], values: [UnsafeRawBufferPointer] = []
        try txn.withCursor(db.facts) { c in
            var e = try c.first()
            while let entry = e {
                keys.append(entry.key)
                values.append(entry.value)
                e = try c.next()
            }
        }
        // Each stored value is compared with the one encoding of the facts the events give
        // (facts that cannot be read are one more difference, not the end of the check), on
        // all cores.
        let key = MappedBytes(keys), value = MappedBytes(values)
        let protocols = expected.protocols, cases = expected.cases, hires = expected.hires, traineeships = expected.traineeships
        let differing = try Parallel.map(key.count, parts: MappedBytes.parts(key.count)) { range in
            range.filter { i in
                let id = String(decoding: key[i].dropFirst(), as: UTF8.self)
                switch key[i].first ?? 0 {
                case FactStore.protocolKind: return !(protocols[id].map { value[i].elementsEqual(FactStore.encode($0).utf8) } ?? false)
                case FactStore.caseKind: return !(cases[id].map { value[i].elementsEqual(FactStore.encode($0).utf8) } ?? false)
                case FactStore.hireKind: return !hires.contains(id)
                case FactStore.traineeshipKind: return !traineeships.contains(id)
                default: return true
                }
            }
        }.flatMap { $0 }
        for i in differing {
            let kind = Character(UnicodeScalar(key[i].first ?? 0))
            problems.add(nil, "index.facts", "the stored facts for \(kind):\(String(decoding: key[i].dropFirst(), as: UTF8.self)) differ from the events")
        }
        let due = protocols.count + cases.count + hires.count + traineeships.count
        if key.count != due { problems.add(nil, "count.facts", "the facts index holds \(key.count) entries where \(due) are due") }
    }
}

// MARK: - Plumbing

/// Problems, capped so that a wholly corrupt store does not exhaust memory.
struct ProblemList {
    private(set) var items: [VerificationProblem] = []
    static let limit = 10_000
    mutating func add(_ seq: UInt64?, _ check: String, _ message: String) {
        if items.count < Self.limit { items.append(VerificationProblem(seq: seq, check: check, message: message)) }
    }
    mutating func append(contentsOf other: ProblemList) {
        for p in other.items { add(p.seq, p.check, p.message) }
    }
}

struct ChunkItem {
    var seq: UInt64
    var leaf: TreeHash
    var record: StoredRecord?
}

struct ChunkResult {
    var items: [ChunkItem] = []
    var storedHashes: [TreeHash] = []
    var problems = ProblemList()
}
