/// `EventVoided`: an earlier event to be treated as if never recorded.
public struct EventVoided: Sendable, Hashable {
    public var eventId: String
    public var reason: String
}

extension EventVoided: PayloadReading {
    public static let eventType = EventType.eventVoided
    public static let payloadVersion = 1
    /// The reason is the operator's text about the record, not about the subject.
    public static let personalFields: [PersonalField<EventVoided>] = []
    /// The voided event's stream, which only the ledger knows.
    public var streamName: StreamName? { nil }
    public var payload: Payload { .eventVoided(self) }

    static func read(_ d: inout some FieldReading, version: Int) -> EventVoided? {
        let eventId = d.uuid("eventId", required: true)
        let reason = d.string("reason", required: true, maxLength: 500)
        guard d.isClean, let eventId, let reason else { return nil }
        return EventVoided(eventId: eventId, reason: reason)
    }
}
