/// What is known of a protocol, for the rules of later events.
public struct ProtocolFacts: Sendable, Hashable {
    public var validFrom: CivilDate
    public var validTo: CivilDate?
    /// Live hires, cases and traineeships that name this protocol.
    public var references: Int64
    public init(validFrom: CivilDate, validTo: CivilDate?, references: Int64) {
        self.validFrom = validFrom
        self.validTo = validTo
        self.references = references
    }
}

/// What is known of a case, for the rules of later events.
public struct CaseFacts: Sendable, Hashable {
    public var protocolId: String
    public var openedOn: CivilDate
    public var isOpen: Bool
    /// Live events of the case after its `CaseOpened`.
    public var laterEvents: Int64
    public init(protocolId: String, openedOn: CivilDate, isOpen: Bool, laterEvents: Int64) {
        self.protocolId = protocolId
        self.openedOn = openedOn
        self.isOpen = isOpen
        self.laterEvents = laterEvents
    }
}

/// An event already in the log, as the void rules need to see it.
public struct RecordedEventFacts: Sendable, Hashable {
    public var seq: UInt64
    public var stream: String
    public var isVoided: Bool
    public var payload: Payload
    public init(seq: UInt64, stream: String, isVoided: Bool, payload: Payload) {
        self.seq = seq
        self.stream = stream
        self.isVoided = isVoided
        self.payload = payload
    }
}

/// The recorded state the rules check an event against: the store plus the earlier
/// lines of the same batch. Implementations read (and write) inside one transaction.
public protocol LedgerFacts {
    func protocolFacts(_ id: String) throws -> ProtocolFacts?
    func hireExists(_ id: String) throws -> Bool
    func caseFacts(_ id: String) throws -> CaseFacts?
    func traineeshipExists(_ id: String) throws -> Bool
    /// The recorded event with this (normalised) id, nil if none.
    func recordedEvent(id: String) throws -> RecordedEventFacts?
    /// The version of the stream's last event, 0 when the stream does not exist.
    func streamVersion(_ stream: String) throws -> Int64

    /// Only ``LedgerRules`` calls the setters: the rules own the state they check against.
    func setStreamVersion(_ stream: String, _ version: Int64) throws

    func setProtocol(_ id: String, _ facts: ProtocolFacts?) throws
    func setHire(_ id: String, exists: Bool) throws
    func setCase(_ id: String, _ facts: CaseFacts?) throws
    func setTraineeship(_ id: String, exists: Bool) throws
    func markVoided(seq: UInt64, by voidingSeq: UInt64) throws
    /// The `closedOn` of a case's live `CaseClosed`, nil when it has none. Not a stored fact
    /// (the stored facts, and so the roots of older stores' checks, stay as they were): read
    /// from the case's stream, and kept in memory while a batch or a verification runs.
    func caseClosedOn(_ id: String) throws -> CivilDate?
    func setCaseClosedOn(_ id: String, _ day: CivilDate?) throws
}
