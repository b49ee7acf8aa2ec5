import AlboDomain
import LMDB

/// The append rules' view of the store for one batch: facts read from LMDB on first
/// use, kept and changed in memory, and written back once when the batch ends, so a
/// case touched by several lines costs one read and one write, not one per rule.
final class FactStore: LedgerFacts {
    let txn: Transaction
    let db: LogDatabases
    let ledger: Ledger
    /// Stream versions reached in this batch; saves a cursor seek per event.
    private var versions: [String: Int64] = [:]

    private var protocols: [String: ProtocolFacts?] = [:]
    private var cases: [String: CaseFacts?] = [:]
    private var hires: [String: Bool] = [:]
    private var traineeships: [String: Bool] = [:]
    private var dirty: Set<[UInt8]> = []
    /// Closing days read or changed in this batch (never stored: see ``LedgerFacts/caseClosedOn(_:)``).
    private var closedDays: [String: CivilDate?] = [:]

    static let protocolKind = UInt8(ascii: "p")
    static let hireKind = UInt8(ascii: "h")
    static let caseKind = UInt8(ascii: "c")
    static let traineeshipKind = UInt8(ascii: "t")

    init(txn: Transaction, db: LogDatabases, ledger: Ledger) {
        self.txn = txn
        self.db = db
        self.ledger = ledger
    }

    // MARK: - Encoding (the only one: text, one `|`-separated line per entry; hires and
    // traineeships are an empty value, present or not)

    /// The stored facts of `id`, nil when there are none. Facts that are there but cannot be
    /// read are damage, never "absent": read as absent, a case would seem unopened and could
    /// be opened twice.
    private func stored<F>(_ kind: UInt8, _ id: String, _ decode: ([Substring]) -> F?) throws -> F? {
        guard let raw = try txn.get(db.facts, Keys.fact(kind, id)) else { return nil }
        let fields = String(decoding: raw, as: UTF8.self).split(separator: "|", omittingEmptySubsequences: false)
        guard let facts = decode(fields) else {
            throw LogError(.corrupt, "the stored facts for \(Character(UnicodeScalar(kind))):\(id) cannot be read")
        }
        return facts
    }

    static func decodeProtocol(_ f: [Substring]) -> ProtocolFacts? {
        guard f.count == 3, let from = CivilDate(String(f[0])), let refs = Int64(f[2]) else { return nil }
        let to = CivilDate(String(f[1]))
        guard to != nil || f[1].isEmpty else { return nil }
        return ProtocolFacts(validFrom: from, validTo: to, references: refs)
    }

    static func encode(_ p: ProtocolFacts) -> String { "\(p.validFrom)|\(p.validTo.map(\.description) ?? "")|\(p.references)" }

    static func decodeCase(_ f: [Substring]) -> CaseFacts? {
        guard f.count == 4, let opened = CivilDate(String(f[1])), f[2] == "1" || f[2] == "0", let later = Int64(f[3]) else { return nil }
        return CaseFacts(protocolId: String(f[0]), openedOn: opened, isOpen: f[2] == "1", laterEvents: later)
    }

    static func encode(_ c: CaseFacts) -> String { "\(c.protocolId)|\(c.openedOn)|\(c.isOpen ? "1" : "0")|\(c.laterEvents)" }

    // MARK: - LedgerFacts

    /// The cached value of `id`, loaded from the store on first use.
    private func cached<V>(_ cache: inout [String: V], _ id: String, _ load: () throws -> V) rethrows -> V {
        if let value = cache[id] { return value }
        let value = try load()
        cache[id] = value
        return value
    }

    func protocolFacts(_ id: String) throws -> ProtocolFacts? {
        try cached(&protocols, id) { try stored(Self.protocolKind, id, Self.decodeProtocol) }
    }

    func caseFacts(_ id: String) throws -> CaseFacts? {
        try cached(&cases, id) { try stored(Self.caseKind, id, Self.decodeCase) }
    }

    func hireExists(_ id: String) throws -> Bool {
        try cached(&hires, id) { try txn.get(db.facts, Keys.fact(Self.hireKind, id)) != nil }
    }

    func traineeshipExists(_ id: String) throws -> Bool {
        try cached(&traineeships, id) { try txn.get(db.facts, Keys.fact(Self.traineeshipKind, id)) != nil }
    }

    func setProtocol(_ id: String, _ facts: ProtocolFacts?) {
        protocols[id] = .some(facts)
        dirty.insert(Keys.fact(Self.protocolKind, id))
    }

    func setCase(_ id: String, _ facts: CaseFacts?) {
        cases[id] = .some(facts)
        dirty.insert(Keys.fact(Self.caseKind, id))
    }

    func setHire(_ id: String, exists: Bool) {
        hires[id] = exists
        dirty.insert(Keys.fact(Self.hireKind, id))
    }

    func setTraineeship(_ id: String, exists: Bool) {
        traineeships[id] = exists
        dirty.insert(Keys.fact(Self.traineeshipKind, id))
    }

    func recordedEvent(id: String) throws -> RecordedEventFacts? {
        guard let seq = try ledger.seq(txn, id: id), let raw = try ledger.recordBytes(txn, seq: seq) else { return nil }
        let record = try StoredRecord.parse(raw)
        return RecordedEventFacts(seq: seq, stream: record.stream, isVoided: try ledger.voidingSeq(txn, of: seq) != nil,
                                  payload: record.payload)
    }

    func streamVersion(_ stream: String) throws -> Int64 {
        try cached(&versions, stream) { try storedVersion(stream) }
    }

    /// The version of the stream's last event in the store, 0 when it has none.
    private func storedVersion(_ stream: String) throws -> Int64 {
        try txn.withCursor(db.streams) { c -> Int64 in
            // The entry before the first key past the stream is its last version, if it is ours.
            let prefix = Array(stream.utf8) + [0]
            let candidate = try c.seek(Keys.streamEnd(stream)) != nil ? try c.previous() : try c.last()
            guard let e = candidate, e.key.count == prefix.count + 8, e.key.prefix(prefix.count).elementsEqual(prefix) else { return 0 }
            return Int64(BigEndian.uint64(e.key, at: prefix.count) ?? 0)
        }
    }

    /// Only remembered: the stream index entry written with the record is the stored form.
    func setStreamVersion(_ stream: String, _ version: Int64) { versions[stream] = version }

    func caseClosedOn(_ id: String) throws -> CivilDate? {
        if let known = closedDays[id] { return known }
        var found: CivilDate?
        for seq in try ledger.streamSeqs(txn, stream: StreamName(.case, id).rawValue).reversed() {
            guard let raw = try ledger.recordBytes(txn, seq: seq) else { continue }
            guard case .caseClosed(let c) = try StoredRecord.parse(raw).payload, try ledger.voidingSeq(txn, of: seq) == nil else { continue }
            found = c.closedOn
            break
        }
        closedDays[id] = .some(found)
        return found
    }

    func setCaseClosedOn(_ id: String, _ day: CivilDate?) { closedDays[id] = .some(day) }

    func markVoided(seq: UInt64, by voidingSeq: UInt64) throws {
        try txn.put(db.voids, BigEndian.bytes(seq), BigEndian.bytes(voidingSeq), .noOverwrite)
    }

    /// Writes every changed fact back (LMDB orders them; sorting here cost more than it saved).
    func flush() throws {
        for key in dirty {
            let id = String(decoding: key.dropFirst(), as: UTF8.self)
            var value: String?
            switch key.first {
            case Self.protocolKind: value = protocols[id].flatMap { $0 }.map(Self.encode)
            case Self.caseKind: value = cases[id].flatMap { $0 }.map(Self.encode)
            case Self.hireKind: value = hires[id] == true ? "" : nil
            case Self.traineeshipKind: value = traineeships[id] == true ? "" : nil
            default: value = nil
            }
            if let value { try txn.put(db.facts, key, Array(value.utf8)) } else { try txn.delete(db.facts, key) }
        }
        dirty.removeAll()
    }

    /// How many entities the cache holds.
    var cachedCount: Int { protocols.count + cases.count + hires.count + traineeships.count + versions.count }

    /// Writes back and forgets the cache, so that one huge batch keeps memory bounded.
    func flushAndEvict() throws {
        try flush()
        protocols.removeAll(keepingCapacity: true)
        cases.removeAll(keepingCapacity: true)
        hires.removeAll(keepingCapacity: true)
        traineeships.removeAll(keepingCapacity: true)
        versions.removeAll(keepingCapacity: true)
    }
}
