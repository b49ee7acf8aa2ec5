/// The payload fields that are personal data of the case's data subject: sealed at append
/// in a sealed store, opened only with the subject's key (docs/personal-data.md). Each
/// payload type declares its own (``EventPayload/personalFields``).
///
/// `caseManager` and `recordedBy` name staff, not the subject, and stay in clear, as do
/// dates, desk, protocol, measure, contract kind, months, hours, close reason and ids:
/// what the aggregates need and identifies no one.
public enum PersonalFields {
    /// The personal fields of each event type (none for most).
    public static func of(_ type: EventType) -> [String] { type.personalFields }

    /// The clear member a sealed store adds to each `CaseOpened`: its subject reference.
    public static let subjectField = "subject"
    /// What a personal field reads as once its subject has been erased.
    public static let erased = "erased"
}
