/// `ProtocolSigned`: a memorandum, convention, agreement or service contract between parties.
public struct ProtocolSigned: Sendable, Hashable {
    public var protocolId: String
    public var title: String
    public var kind: ProtocolKind
    public var parties: [String]
    public var lead: String?
    public var signedOn: CivilDate
    public var validFrom: CivilDate
    public var validTo: CivilDate?
    public var funding: String?
    public var outcomePayment: OutcomePayment?

    /// Whether `date` falls within [validFrom, validTo].
    public func isValid(on date: CivilDate) -> Bool {
        date >= validFrom && (validTo.map { date <= $0 } ?? true)
    }
}

/// The terms under which an operator is paid only for placements.
public struct OutcomePayment: Sendable, Hashable {
    public var `operator`: String
    /// Target group → amount in euro cents.
    public var tariffs: [TargetGroup: Int64]
    public var eligibleContracts: [PlacementContract]
    public var minFixedTermMonths: Int64?
}

/// `HireAnnounced`: positions an employer announces.
public struct HireAnnounced: Sendable, Hashable {
    public var hireId: String
    public var employer: String
    public var role: String
    public var positions: Int64
    public var contract: HireContract
    public var recruitment: Recruitment?
    public var office: String?
    public var funding: String?
    public var protocolId: String?
    public var announcedOn: CivilDate
}

/// `CaseOpened`: a person taken in charge under a protocol at a desk.
public struct CaseOpened: Sendable, Hashable {
    public var caseId: String
    public var person: String
    public var protocolId: String
    public var desk: String
    public var targetGroup: Personal<TargetGroup>
    public var referredBy: String?
    public var caseManager: String?
    public var measure: String?
    public var openedOn: CivilDate

    public init(caseId: String, person: String, protocolId: String, desk: String, targetGroup: Personal<TargetGroup>,
                referredBy: String?, caseManager: String?, measure: String?, openedOn: CivilDate) {
        self.caseId = caseId
        self.person = person
        self.protocolId = protocolId
        self.desk = desk
        self.targetGroup = targetGroup
        self.referredBy = referredBy
        self.caseManager = caseManager
        self.measure = measure
        self.openedOn = openedOn
    }
}

/// `TraineeshipStarted`: a traineeship within an open case.
public struct TraineeshipStarted: Sendable, Hashable {
    public var caseId: String
    public var traineeshipId: String
    public var host: String
    public var kind: TraineeshipKind
    public var startOn: CivilDate
    public var plannedEndOn: CivilDate?
    public var protocolId: String?
}

/// `PlacementConfirmed`: a job placement, proven by its UNILAV reference.
public struct PlacementConfirmed: Sendable, Hashable {
    public var caseId: String
    public var employer: String
    public var contract: PlacementContract
    public var months: Int64?
    public var hoursPerWeek: Int64?
    public var startOn: CivilDate
    public var confirmedOn: CivilDate
    public var evidence: String

    public init(caseId: String, employer: String, contract: PlacementContract, months: Int64?, hoursPerWeek: Int64?,
                startOn: CivilDate, confirmedOn: CivilDate, evidence: String) {
        self.caseId = caseId
        self.employer = employer
        self.contract = contract
        self.months = months
        self.hoursPerWeek = hoursPerWeek
        self.startOn = startOn
        self.confirmedOn = confirmedOn
        self.evidence = evidence
    }
}

/// `CaseClosed`: the end of a case.
public struct CaseClosed: Sendable, Hashable {
    public var caseId: String
    public var reason: CloseReason
    public var closedOn: CivilDate
}

/// `EventVoided`: an earlier event to be treated as if never recorded.
public struct EventVoided: Sendable, Hashable {
    public var eventId: String
    public var reason: String
}

/// `SubjectErased`: a data subject's personal data were made unreadable for good. It
/// carries no personal data: the subject reference, and why (when and by whom are the
/// envelope's `recordedAt` and `recordedBy`).
public struct SubjectErased: Sendable, Hashable {
    public var subject: String
    public var reason: String
}

/// A typed payload, one case per event type.
public enum Payload: Sendable, Hashable {
    case protocolSigned(ProtocolSigned)
    case hireAnnounced(HireAnnounced)
    case caseOpened(CaseOpened)
    case traineeshipStarted(TraineeshipStarted)
    case placementConfirmed(PlacementConfirmed)
    case caseClosed(CaseClosed)
    case eventVoided(EventVoided)
    case subjectErased(SubjectErased)

    /// The event type this payload belongs to.
    public var type: EventType {
        switch self {
        case .protocolSigned: .protocolSigned
        case .hireAnnounced: .hireAnnounced
        case .caseOpened: .caseOpened
        case .traineeshipStarted: .traineeshipStarted
        case .placementConfirmed: .placementConfirmed
        case .caseClosed: .caseClosed
        case .eventVoided: .eventVoided
        case .subjectErased: .subjectErased
        }
    }

    /// The stream the event belongs to; nil for `EventVoided`, whose stream is the voided event's.
    public var streamName: StreamName? {
        switch self {
        case .protocolSigned(let p): StreamName(.protocol, p.protocolId)
        case .hireAnnounced(let h): StreamName(.hire, h.hireId)
        case .caseOpened(let c): StreamName(.case, c.caseId)
        case .traineeshipStarted(let t): StreamName(.case, t.caseId)
        case .placementConfirmed(let p): StreamName(.case, p.caseId)
        case .caseClosed(let c): StreamName(.case, c.caseId)
        case .eventVoided: nil
        case .subjectErased(let e): StreamName(.subject, e.subject)
        }
    }

    /// The stored form of `streamName`.
    public var stream: String? { streamName?.rawValue }
}
