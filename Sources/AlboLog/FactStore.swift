import AlboDomain
import LMDB

/// The append rules' view of the store, read and written inside the batch's write
/// transaction, so each line sees the store plus the earlier lines of its batch.
struct FactStore: LedgerFacts {
    let txn: Transaction
    let db: LogDatabases
    let ledger: Ledger
    /// Stream heads touched in this batch; saves a cursor seek per event.
    let heads: StreamHeads

    static let protocolKind = UInt8(ascii: "p")
    static let hireKind = UInt8(ascii: "h")
    static let caseKind = UInt8(ascii: "c")
    static let traineeshipKind = UInt8(ascii: "t")

    private func fields(_ kind: UInt8, _ id: String) throws -> [Substring]? {
        guard let raw = try txn.get(db.facts, Keys.fact(kind, id)) else { return nil }
        return String(decoding: raw, as: UTF8.self).split(separator: "|", omittingEmptySubsequences: false)
    }

    private func set(_ kind: UInt8, _ id: String, _ value: String?) throws {
        if let value {
            try txn.put(db.facts, Keys.fact(kind, id), Array(value.utf8))
        } else {
            try txn.delete(db.facts, Keys.fact(kind, id))
        }
    }

    func protocolFacts(_ id: String) throws -> ProtocolFacts? {
        guard let f = try fields(Self.protocolKind, id), f.count == 3,
              let from = CivilDate(String(f[0])), let refs = Int64(f[2]) else { return nil }
        return ProtocolFacts(validFrom: from, validTo: CivilDate(String(f[1])), references: refs)
    }

    func setProtocol(_ id: String, _ facts: ProtocolFacts?) throws {
        try set(Self.protocolKind, id, facts.map { "\($0.validFrom)|\($0.validTo.map(\.description) ?? "")|\($0.references)" })
    }

    func hireExists(_ id: String) throws -> Bool { try fields(Self.hireKind, id) != nil }
    func setHire(_ id: String, exists: Bool) throws { try set(Self.hireKind, id, exists ? "" : nil) }

    func traineeshipExists(_ id: String) throws -> Bool { try fields(Self.traineeshipKind, id) != nil }
    func setTraineeship(_ id: String, exists: Bool) throws { try set(Self.traineeshipKind, id, exists ? "" : nil) }

    func caseFacts(_ id: String) throws -> CaseFacts? {
        guard let f = try fields(Self.caseKind, id), f.count == 4,
              let opened = CivilDate(String(f[1])), let later = Int64(f[3]) else { return nil }
        return CaseFacts(protocolId: String(f[0]), openedOn: opened, isOpen: f[2] == "1", laterEvents: later)
    }

    func setCase(_ id: String, _ facts: CaseFacts?) throws {
        try set(Self.caseKind, id, facts.map { "\($0.protocolId)|\($0.openedOn)|\($0.isOpen ? "1" : "0")|\($0.laterEvents)" })
    }

    func recordedEvent(id: String) throws -> RecordedEventFacts? {
        guard let seq = try ledger.seq(txn, id: id), let raw = try ledger.recordBytes(txn, seq: seq) else { return nil }
        let record = try StoredRecord.parse(raw)
        return RecordedEventFacts(seq: seq, stream: record.stream, isVoided: try ledger.voidingSeq(txn, of: seq) != nil,
                                  payload: record.payload)
    }

    func streamVersion(_ stream: String) throws -> Int64 {
        if let v = heads.versions[stream] { return v }
        let v = try txn.withCursor(db.streams) { c -> Int64 in
            // The entry before the first key past the stream is its last version, if it is ours.
            let prefix = Array(stream.utf8) + [0]
            let candidate = try c.seek(Keys.streamEnd(stream)) != nil ? try c.previous() : try c.last()
            guard let e = candidate, e.key.count == prefix.count + 8, e.key.prefix(prefix.count).elementsEqual(prefix) else { return 0 }
            return Int64(BigEndian.uint64(e.key, at: prefix.count) ?? 0)
        }
        heads.versions[stream] = v
        return v
    }

    func markVoided(seq: UInt64, by voidingSeq: UInt64) throws {
        try txn.put(db.voids, BigEndian.bytes(seq), BigEndian.bytes(voidingSeq), .noOverwrite)
    }
}

/// The version each stream reached in the current batch.
final class StreamHeads {
    var versions: [String: Int64] = [:]
}
