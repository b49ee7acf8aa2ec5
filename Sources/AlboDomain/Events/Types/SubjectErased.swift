/// `SubjectErased`: a data subject's personal data were made unreadable for good. It
/// carries no personal data: the subject reference, and why (when and by whom are the
/// envelope's `recordedAt` and `recordedBy`).
public struct SubjectErased: Sendable, Hashable {
    public var subject: String
    public var reason: String
}

extension SubjectErased: PayloadReading {
    public static let eventType = EventType.subjectErased
    public static let payloadVersion = 1
    public static let personalFields: [PersonalField<SubjectErased>] = []
    public var streamName: StreamName? { StreamName(.subject, subject) }
    public var payload: Payload { .subjectErased(self) }

    static func read(_ d: inout some FieldReading, version: Int) -> SubjectErased? {
        let subject = d.string("subject", required: true, maxLength: 28)
        if let subject, !SubjectReference.isValid(subject) {
            d.sink.add(d.at("subject"), "subject", "\"subject\" must be a subject reference (s- and 26 base32 characters).")
        }
        let reason = d.string("reason", required: true, maxLength: 500)
        guard d.isClean, let subject, let reason else { return nil }
        return SubjectErased(subject: subject, reason: reason)
    }
}
