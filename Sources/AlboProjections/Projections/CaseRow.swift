public import AlboDomain

/// A stored case state read in place, for reports: dates, counts and terms decoded, the
/// texts left in the stored bytes until asked for, and the ids, hosts, employers and
/// evidence of traineeships and placements skipped. Decoding a full `CaseState` makes a
/// dozen strings and arrays per case; a report over a million events reads every case and
/// keeps a few fields of some. Valid only inside the closure that was given it (the bytes
/// belong to a read transaction); `state()` decodes the full state when one is needed.
public struct CaseRow {
    private let raw: UnsafeRawBufferPointer
    private let caseIdAt: Range<Int>, personAt: Range<Int>, protocolAt: Range<Int>, deskAt: Range<Int>, targetGroupAt: Range<Int>
    public let openedOn: CivilDate
    public let closedOn: CivilDate?
    public let closeReason: CloseReason?
    /// The case stream's version: its events so far, voids included.
    public let version: Int64
    /// Start days of the live traineeships.
    public let traineeshipStarts: [CivilDate]
    /// The live placements, without their ids, employer and evidence.
    public let placements: [Placement]

    /// What a report reads of a live placement.
    public struct Placement: Sendable, Hashable {
        public var contract: PlacementContract
        public var months: Int64?
        public var hoursPerWeek: Int64?
        public var startOn: CivilDate
        public var confirmedOn: CivilDate

        public init(contract: PlacementContract, months: Int64?, hoursPerWeek: Int64?, startOn: CivilDate, confirmedOn: CivilDate) {
            self.contract = contract
            self.months = months
            self.hoursPerWeek = hoursPerWeek
            self.startOn = startOn
            self.confirmedOn = confirmedOn
        }
    }

    /// Reads the stored form (`CaseState.encoded()`), as `CaseState(decoding:)` does.
    public init(decoding raw: UnsafeRawBufferPointer) throws {
        self.raw = raw
        var r = StateReader(raw)
        caseIdAt = try r.stringRange(); personAt = try r.stringRange(); protocolAt = try r.stringRange()
        deskAt = try r.stringRange(); targetGroupAt = try r.stringRange()
        openedOn = try r.date(); closedOn = try r.optionalDate(); closeReason = try r.optionalTerm(); version = try r.int()
        var starts: [CivilDate] = []
        let traineeships = try r.count()
        if traineeships > 0 { starts.reserveCapacity(traineeships) }
        for _ in 0..<traineeships {
            _ = try r.uint(); try r.skipString(); try r.skipString(); try r.skipString(); try r.skipString()
            starts.append(try r.date())
            try r.skipOptionalString(); try r.skipOptionalString()
        }
        traineeshipStarts = starts
        var placements: [Placement] = []
        let count = try r.count()
        if count > 0 { placements.reserveCapacity(count) }
        for _ in 0..<count {
            _ = try r.uint(); try r.skipString(); try r.skipString()
            let contract: PlacementContract = try r.term()
            let months = try r.optionalInt(), hours = try r.optionalInt()
            placements.append(Placement(contract: contract, months: months, hoursPerWeek: hours, startOn: try r.date(), confirmedOn: try r.date()))
            try r.skipString()
        }
        self.placements = placements
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: raw[range]), as: UTF8.self)
    }

    public var caseId: String { text(caseIdAt) }
    public var protocolId: String { text(protocolAt) }
    public var desk: String { text(deskAt) }

    /// What counts one person once: the subject reference of a sealed `person`, else the
    /// person (`SealedValue.distinctKey`, without making the sealed text first).
    public var personKey: String {
        let bytes = UnsafeRawBufferPointer(rebasing: raw[personAt])
        return SealedValue.subject(utf8: bytes) ?? text(personAt)
    }

    /// The target group as stored: the term, or the sealed value.
    public func targetGroup() throws -> Personal<TargetGroup> {
        guard let p = Personal<TargetGroup>(rawValue: text(targetGroupAt)) else {
            throw ProjectionError(.corrupt, "a projection state cannot be read back; run `albo rebuild`")
        }
        return p
    }

    /// The subject reference the stored target group names; nil when it is not sealed.
    public var targetGroupSubject: String? {
        SealedValue.subject(utf8: UnsafeRawBufferPointer(rebasing: raw[targetGroupAt]))
    }

    /// The whole state.
    public func state() throws -> CaseState { try CaseState(decoding: raw) }
}
