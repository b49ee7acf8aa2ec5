import AlboDomain

/// `desks`: per desk, each case's opening date, person and live placements, so any
/// period's activity is one scan.
public struct DesksProjection: Projection {
    public let name = "desks"
    public let version = 1
    /// desk ‖ 0x00 ‖ caseId ‖ 0x00 ‖ seq → `DeskCase`; empty once voided.
    static let rows = "p.desks"
    /// caseId → its entity key in `rows` (current state only, for folding later events).
    static let caseKeys = "p.desks.cases"
    public var databases: [String] { [Self.rows, Self.caseKeys] }

    public init() {}

    public func apply(_ event: ProjectedEvent, _ state: ProjectionWriter) throws {
        let record = event.record
        guard record.isInCaseStream else { return }
        let table = try state.table(Self.rows)
        let placement: PlacementConfirmed
        switch event.target {
        case .caseOpened(let c) where !event.isUndo:
            let key = EntityKey(c.desk, c.caseId)
            try state.rememberCaseKey(key, for: c.caseId, in: Self.caseKeys)
            try table.write(key, seq: record.seq, DeskCase(openedOn: c.openedOn, person: c.person, placements: []).encoded())
            return
        case .caseOpened:
            // The opening voided: the case never existed.
            guard let key = try state.caseKey(of: record, in: Self.caseKeys), try table.latest(key) != nil else { return }
            try state.forgetCaseKey(of: record, in: Self.caseKeys)
            try table.write(key, seq: record.seq, nil)
            return
        case .placementConfirmed(let p):
            placement = p
        case .protocolSigned, .hireAnnounced, .traineeshipStarted, .caseClosed, .eventVoided, .subjectErased, .followUpRecorded, .claimFiled, .claimPaid:
            return
        }
        guard let key = try state.caseKey(of: record, in: Self.caseKeys) else { return }
        guard let raw = try table.latest(key) else { return }
        var deskCase = try raw.withUnsafeBytes { try DeskCase(decoding: $0) }
        if let voided = event.voided {
            deskCase.placements.removeAll { $0.seq == voided.seq }
        } else {
            deskCase.placements.append(DeskCase.Placement(seq: record.seq, confirmedOn: placement.confirmedOn))
        }
        try table.write(key, seq: record.seq, deskCase.encoded())
    }
}

/// What desk activity needs to know of one case.
struct DeskCase {
    struct Placement {
        var seq: UInt64
        var confirmedOn: CivilDate
    }

    var openedOn: CivilDate
    var person: String
    var placements: [Placement]

    func encoded() -> [UInt8] {
        var w = StateWriter()
        w.date(openedOn); w.string(person); w.uint(UInt64(placements.count))
        for p in placements { w.uint(p.seq); w.date(p.confirmedOn) }
        return w.bytes
    }

    init(openedOn: CivilDate, person: String, placements: [Placement]) {
        self.openedOn = openedOn
        self.person = person
        self.placements = placements
    }

    init(decoding raw: UnsafeRawBufferPointer) throws {
        var r = StateReader(raw)
        openedOn = try r.date()
        person = try r.string()
        placements = []
        for _ in 0..<(try r.count()) { placements.append(Placement(seq: try r.uint(), confirmedOn: try r.date())) }
    }
}
