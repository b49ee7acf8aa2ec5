/// `LedgerFacts` held in memory: what `albo verify` rebuilds from the events alone to
/// compare with the stored facts. Voided events' payloads are looked up through `lookup`.
public final class MemoryFacts: LedgerFacts {
    public var protocols: [String: ProtocolFacts] = [:]
    public var hires: Set<String> = []
    public var cases: [String: CaseFacts] = [:]
    public var traineeships: Set<String> = []
    public var voided: [UInt64: UInt64] = [:]
    public private(set) var versions: [String: Int64] = [:]
    public var closedOn: [String: CivilDate] = [:]
    private let lookup: (String) throws -> RecordedEventFacts?

    /// `lookup` finds a recorded event by id (its `isVoided` is taken from this object).
    public init(lookup: @escaping (String) throws -> RecordedEventFacts?) { self.lookup = lookup }

    public func protocolFacts(_ id: String) -> ProtocolFacts? { protocols[id] }
    public func hireExists(_ id: String) -> Bool { hires.contains(id) }
    public func caseFacts(_ id: String) -> CaseFacts? { cases[id] }
    public func traineeshipExists(_ id: String) -> Bool { traineeships.contains(id) }
    public func streamVersion(_ stream: String) -> Int64 { versions[stream] ?? 0 }

    public func recordedEvent(id: String) throws -> RecordedEventFacts? {
        guard var e = try lookup(id) else { return nil }
        e.isVoided = voided[e.seq] != nil
        return e
    }

    public func setProtocol(_ id: String, _ facts: ProtocolFacts?) { protocols[id] = facts }
    public func setHire(_ id: String, exists: Bool) { if exists { hires.insert(id) } else { hires.remove(id) } }
    public func setCase(_ id: String, _ facts: CaseFacts?) { cases[id] = facts }
    public func setTraineeship(_ id: String, exists: Bool) { if exists { traineeships.insert(id) } else { traineeships.remove(id) } }
    public func markVoided(seq: UInt64, by voidingSeq: UInt64) { voided[seq] = voidingSeq }
    public func setStreamVersion(_ stream: String, _ version: Int64) { versions[stream] = version }
    public func caseClosedOn(_ id: String) -> CivilDate? { closedOn[id] }
    public func setCaseClosedOn(_ id: String, _ day: CivilDate?) { closedOn[id] = day }
}

extension IncomingEvent {
    /// The event a stored record was appended from (without its `expectedVersion`).
    public init(_ record: StoredRecord) {
        self.init(id: record.id, type: record.type, recordedBy: record.recordedBy, expectedVersion: nil,
                  dataBytes: record.dataBytes, payload: record.payload)
    }
}
