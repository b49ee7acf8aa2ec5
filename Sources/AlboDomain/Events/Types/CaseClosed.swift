/// `CaseClosed`: the end of a case.
public struct CaseClosed: Sendable, Hashable {
    public var caseId: String
    public var reason: CloseReason
    public var closedOn: CivilDate
}

extension CaseClosed: PayloadReading {
    public static let eventType = EventType.caseClosed
    public static let payloadVersion = 1
    public static let personalFields: [PersonalField<CaseClosed>] = []
    public var streamName: StreamName? { StreamName(.case, caseId) }
    public var payload: Payload { .caseClosed(self) }

    static func read(_ d: inout some FieldReading, version: Int) -> CaseClosed? {
        let caseId = d.identifier("caseId", required: true)
        let reason = d.oneOf("reason", CloseReason.self, required: true)
        let closedOn = d.date("closedOn", required: true)
        guard d.isClean, let caseId, let reason, let closedOn else { return nil }
        return CaseClosed(caseId: caseId, reason: reason, closedOn: closedOn)
    }
}
