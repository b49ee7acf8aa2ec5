import AlboDomain

/// `outcomes`: per protocol, each case's standing for docs/reference.md §6, keyed by protocol and
/// `openedOn` so a period's cases are one range scan.
public struct OutcomesProjection: Projection {
    public let name = "outcomes"
    public let version = 1
    /// protocolId ‖ 0x00 ‖ openedOn ‖ 0x00 ‖ caseId ‖ 0x00 ‖ seq → `CaseOutcome`; empty once voided.
    static let rows = "p.outcomes"
    /// caseId → its entity key in `rows` (current state only, for folding later events).
    static let caseKeys = "p.outcomes.cases"
    public var databases: [String] { [Self.rows, Self.caseKeys] }

    public init() {}

    public func apply(_ event: ProjectedEvent, _ state: ProjectionWriter) throws {
        let record = event.record
        guard record.isInCaseStream else { return }
        let table = try state.table(Self.rows)
        if case .caseOpened(let c) = record.payload {  // a void's record is the EventVoided, never this
            let key = EntityKey(c.protocolId, c.openedOn.description, c.caseId)
            try state.rememberCaseKey(key, for: c.caseId, in: Self.caseKeys)
            let outcome = CaseOutcome(person: c.person, referredBy: c.referredBy, targetGroup: c.targetGroup, isClosed: false, placements: 0)
            try table.write(key, seq: record.seq, outcome.encoded())
            return
        }
        guard let key = try state.caseKey(of: record, in: Self.caseKeys) else { return }
        guard let raw = try table.latest(key) else { return }
        var outcome = try raw.withUnsafeBytes { try CaseOutcome(decoding: $0) }
        let before = outcome
        switch event.target {
        case .placementConfirmed: outcome.placements += event.isUndo ? -1 : 1
        case .caseClosed: outcome.isClosed = !event.isUndo
        case .caseOpened:
            // Only its void reaches here (the opening itself returned above).
            try state.forgetCaseKey(of: record, in: Self.caseKeys)
            try table.write(key, seq: record.seq, nil)
            return
        case .protocolSigned, .hireAnnounced, .traineeshipStarted, .eventVoided, .subjectErased, .followUpRecorded, .claimFiled, .claimPaid: break
        }
        // Traineeships and their voids change nothing here: no row, less to scan.
        if outcome != before { try table.write(key, seq: record.seq, outcome.encoded()) }
    }
}

/// What §6 needs to know of one case.
struct CaseOutcome: Equatable {
    var person: String
    var referredBy: String?
    var targetGroup: Personal<TargetGroup>
    var isClosed: Bool
    /// Live placements.
    var placements: Int64

    func encoded() -> [UInt8] {
        var w = StateWriter()
        w.string(person); w.optionalString(referredBy); w.personal(targetGroup); w.bool(isClosed); w.int(placements)
        return w.bytes
    }

    init(person: String, referredBy: String?, targetGroup: Personal<TargetGroup>, isClosed: Bool, placements: Int64) {
        self.person = person
        self.referredBy = referredBy
        self.targetGroup = targetGroup
        self.isClosed = isClosed
        self.placements = placements
    }

    init(decoding raw: UnsafeRawBufferPointer) throws {
        var r = StateReader(raw)
        self.init(person: try r.string(), referredBy: try r.optionalString(), targetGroup: try r.personal(),
                  isClosed: try r.bool(), placements: try r.int())
    }

    /// Just the `referredBy` of a stored outcome (what a report reads), without the rest.
    static func referredBy(decoding raw: UnsafeRawBufferPointer) throws -> String? {
        var r = StateReader(raw)
        try r.skipString()
        return try r.optionalString()
    }
}
