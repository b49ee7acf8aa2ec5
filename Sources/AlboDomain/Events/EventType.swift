/// The kinds of event Albo records (CONTRACT §2).
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
