public import AlboDomain

/// One live case as the ESF+ indicators read it: its participant data (opened), its dates,
/// and its live placements and follow-ups. Plain values, so the indicators are a pure
/// function of a list of these.
public struct EsfCase: Sendable, Hashable {
    public var caseId: String
    public var protocolId: String
    public var openedOn: CivilDate
    /// Nil when the opening carries none; `.erased` when its subject was erased.
    public var participant: Sealable<Participant>?
    public var closedOn: CivilDate?
    /// The results listed on leaving (empty when none were recorded, or the subject is erased).
    public var resultsOnLeaving: Set<LeavingResult>
    public var placements: [Placement]
    /// In log order.
    public var followUps: [FollowUp]

    /// A live placement: what the leaving and six-month rules read of it.
    public struct Placement: Sendable, Hashable {
        public var contract: PlacementContract
        public var months: Int64?
        public var startOn: CivilDate

        public init(contract: PlacementContract, months: Int64?, startOn: CivilDate) {
            self.contract = contract
            self.months = months
            self.startOn = startOn
        }
    }

    /// A live follow-up, opened (nil values when its subject was erased).
    public struct FollowUp: Sendable, Hashable {
        public var on: CivilDate
        public var situation: FollowUpSituation?
        public var betterSituation: Bool?

        public init(on: CivilDate, situation: FollowUpSituation?, betterSituation: Bool?) {
            self.on = on
            self.situation = situation
            self.betterSituation = betterSituation
        }
    }

    public init(caseId: String, protocolId: String, openedOn: CivilDate, participant: Sealable<Participant>?, closedOn: CivilDate? = nil,
                resultsOnLeaving: Set<LeavingResult> = [], placements: [Placement] = [], followUps: [FollowUp] = []) {
        self.caseId = caseId
        self.protocolId = protocolId
        self.openedOn = openedOn
        self.participant = participant
        self.closedOn = closedOn
        self.resultsOnLeaving = resultsOnLeaving
        self.placements = placements
        self.followUps = followUps
    }

    /// The case folded from its stream's live records (voided ones already left out), opened
    /// with the store's keys: the last live `CaseOpened` and what follows it. Nil when the
    /// stream has no live opening.
    public static func fold(_ payloads: [Payload]) -> EsfCase? {
        guard let start = payloads.lastIndex(where: { if case .caseOpened = $0 { true } else { false } }),
              case .caseOpened(let o) = payloads[start] else { return nil }
        var c = EsfCase(caseId: o.caseId, protocolId: o.protocolId, openedOn: o.openedOn, participant: o.participant)
        for p in payloads[(start + 1)...] {
            switch p {
            case .placementConfirmed(let pc):
                c.placements.append(Placement(contract: pc.contract, months: pc.months, startOn: pc.startOn))
            case .caseClosed(let cc):
                c.closedOn = cc.closedOn
                c.resultsOnLeaving = Set(cc.resultsOnLeaving?.value ?? [])
            case .followUpRecorded(let f):
                c.followUps.append(FollowUp(on: f.on, situation: f.situation.term, betterSituation: f.betterSituation?.value))
            case .protocolSigned, .hireAnnounced, .caseOpened, .traineeshipStarted, .eventVoided, .subjectErased, .claimFiled, .claimPaid:
                break
            }
        }
        return c
    }
}
