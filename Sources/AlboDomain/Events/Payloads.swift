/// A typed payload, one case per event type: what every exhaustive switch over event types
/// matches on.
public enum Payload: Sendable, Hashable {
    case protocolSigned(ProtocolSigned)
    case hireAnnounced(HireAnnounced)
    case caseOpened(CaseOpened)
    case traineeshipStarted(TraineeshipStarted)
    case placementConfirmed(PlacementConfirmed)
    case caseClosed(CaseClosed)
    case eventVoided(EventVoided)
    case subjectErased(SubjectErased)
    case followUpRecorded(FollowUpRecorded)
    case claimFiled(ClaimFiled)
    case claimPaid(ClaimPaid)

    /// The payload value, as its type's declarations see it.
    public var body: any EventPayload {
        switch self {
        case .protocolSigned(let p): p
        case .hireAnnounced(let p): p
        case .caseOpened(let p): p
        case .traineeshipStarted(let p): p
        case .placementConfirmed(let p): p
        case .caseClosed(let p): p
        case .eventVoided(let p): p
        case .subjectErased(let p): p
        case .followUpRecorded(let p): p
        case .claimFiled(let p): p
        case .claimPaid(let p): p
        }
    }

    /// The event type this payload belongs to (a switch, not `body`: hot paths ask it).
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
        case .followUpRecorded: .followUpRecorded
        case .claimFiled: .claimFiled
        case .claimPaid: .claimPaid
        }
    }

    /// The stream the event belongs to; nil for `EventVoided`, whose stream is the voided event's.
    public var streamName: StreamName? {
        switch self {
        case .protocolSigned(let p): p.streamName
        case .hireAnnounced(let p): p.streamName
        case .caseOpened(let p): p.streamName
        case .traineeshipStarted(let p): p.streamName
        case .placementConfirmed(let p): p.streamName
        case .caseClosed(let p): p.streamName
        case .eventVoided(let p): p.streamName
        case .subjectErased(let p): p.streamName
        case .followUpRecorded(let p): p.streamName
        case .claimFiled(let p): p.streamName
        case .claimPaid(let p): p.streamName
        }
    }

    /// The payload version a record of this payload is written under: the earliest that
    /// holds it, so an event using nothing newer is stored exactly as before.
    public var writtenVersion: Int {
        switch self {
        case .caseOpened(let c): c.writtenVersion
        case .caseClosed(let c): c.writtenVersion
        case .followUpRecorded(let f): f.writtenVersion
        case .protocolSigned, .hireAnnounced, .traineeshipStarted, .placementConfirmed, .eventVoided, .subjectErased, .claimFiled, .claimPaid: type.payloadVersion
        }
    }

    /// The stored form of `streamName`.
    public var stream: String? { streamName?.rawValue }

    /// Each personal field's name and value (sealed, clear or erased, as held).
    public var personalValues: [(name: String, value: String?)] { body.personalValues }

    /// Whether the event holds a personal value to seal (a `CaseClosed` without
    /// `resultsOnLeaving` holds none, and is stored as it always was).
    public var holdsPersonalValues: Bool { body.holdsPersonalValues }
}
