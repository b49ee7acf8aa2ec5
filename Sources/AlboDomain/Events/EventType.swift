/// The kinds of event Albo records (docs/reference.md §2). Each names its payload type, which
/// declares everything else about it (``EventPayload``).
public enum EventType: String, Sendable, CaseIterable {
    case protocolSigned = "ProtocolSigned"
    case hireAnnounced = "HireAnnounced"
    case caseOpened = "CaseOpened"
    case traineeshipStarted = "TraineeshipStarted"
    case placementConfirmed = "PlacementConfirmed"
    case caseClosed = "CaseClosed"
    case eventVoided = "EventVoided"
    /// Recorded by `albo erase` only: a data subject's sealing key was destroyed.
    case subjectErased = "SubjectErased"
    /// A participant's situation after leaving a closed case (ESF+ longer-term results).
    case followUpRecorded = "FollowUpRecorded"
    case claimFiled = "ClaimFiled"
    case claimPaid = "ClaimPaid"

    /// The payload type of this event type: the one place a new type is registered.
    var reader: any PayloadReading.Type {
        switch self {
        case .protocolSigned: ProtocolSigned.self
        case .hireAnnounced: HireAnnounced.self
        case .caseOpened: CaseOpened.self
        case .traineeshipStarted: TraineeshipStarted.self
        case .placementConfirmed: PlacementConfirmed.self
        case .caseClosed: CaseClosed.self
        case .eventVoided: EventVoided.self
        case .subjectErased: SubjectErased.self
        case .followUpRecorded: FollowUpRecorded.self
        case .claimFiled: ClaimFiled.self
        case .claimPaid: ClaimPaid.self
        }
    }

    /// The payload type of this event type.
    public var payloadType: any EventPayload.Type { reader }
    /// The current payload version of this type.
    public var payloadVersion: Int { reader.payloadVersion }
    /// The personal fields of this type, by name (none for most).
    public var personalFields: [String] { reader.personalFieldNames }
    /// The personal fields of this type whose clear value is JSON, not a string.
    public var structuredPersonalFields: [String] { reader.structuredFieldNames }

    /// The type whose name is `utf8`, compared as bytes (no String made).
    init?(utf8: UnsafeBufferPointer<UInt8>) {
        for (type, name) in EventType.names where name.withUnsafeBufferPointer({ JSONWord.equal($0, utf8) }) {
            self = type
            return
        }
        return nil
    }

    private static let names: [(EventType, [UInt8])] = allCases.map { ($0, Array($0.rawValue.utf8)) }
}
