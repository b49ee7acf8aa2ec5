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
    public var personalFields: [String] { Self.fieldLists[ordinal].personal }
    /// The personal fields of this type whose clear value is JSON, not a string.
    public var structuredPersonalFields: [String] { Self.fieldLists[ordinal].structured }

    /// The field lists of every type, made once: sealing reads them for every event, and
    /// each reading through the payload type's key paths cost a type lookup.
    private static let fieldLists: [(personal: [String], structured: [String])] = {
        var lists = [(personal: [String], structured: [String])](repeating: ([], []), count: allCases.count)
        for type in allCases { lists[type.ordinal] = (type.reader.personalFieldNames, type.reader.structuredFieldNames) }
        return lists
    }()

    /// A distinct number below `allCases.count` for each type, to index `fieldLists`.
    private var ordinal: Int {
        switch self {
        case .protocolSigned: 0
        case .hireAnnounced: 1
        case .caseOpened: 2
        case .traineeshipStarted: 3
        case .placementConfirmed: 4
        case .caseClosed: 5
        case .eventVoided: 6
        case .subjectErased: 7
        case .followUpRecorded: 8
        case .claimFiled: 9
        case .claimPaid: 10
        }
    }

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
