/// `CaseClosed`: the end of a case.
public struct CaseClosed: Sendable, Hashable {
    public var caseId: String
    public var reason: CloseReason
    public var closedOn: CivilDate
    /// Payload version 2: what the participant does on leaving (ESF+ immediate results), sealed.
    public var resultsOnLeaving: Sealable<[LeavingResult]>?

    public init(caseId: String, reason: CloseReason, closedOn: CivilDate, resultsOnLeaving: Sealable<[LeavingResult]>? = nil) {
        self.caseId = caseId
        self.reason = reason
        self.closedOn = closedOn
        self.resultsOnLeaving = resultsOnLeaving
    }
}

extension CaseClosed: PayloadReading {
    public static let eventType = EventType.caseClosed
    /// Version 2 adds `resultsOnLeaving`; a closing without it is still written as version 1.
    public static let payloadVersion = 2
    public static let personalFields: [PersonalField<CaseClosed>] = [
        PersonalField("resultsOnLeaving", structured: true) { $0.resultsOnLeaving.map { $0.text(LeavingResult.canonicalText) } },
    ]
    /// The earliest version that holds this payload.
    public var writtenVersion: Int { resultsOnLeaving == nil ? 1 : 2 }
    public var streamName: StreamName? { StreamName(.case, caseId) }
    public var payload: Payload { .caseClosed(self) }

    static func read(_ d: inout some FieldReading, version: Int) -> CaseClosed? {
        let caseId = d.identifier("caseId", required: true)
        let reason = d.oneOf("reason", CloseReason.self, required: true)
        let closedOn = d.date("closedOn", required: true)
        let results = version >= 2 && d.has("resultsOnLeaving")
            ? d.sealable("resultsOnLeaving") { $0.terms("resultsOnLeaving", LeavingResult.self, required: true, minCount: 1) } : nil
        guard d.isClean, let caseId, let reason, let closedOn else { return nil }
        return CaseClosed(caseId: caseId, reason: reason, closedOn: closedOn, resultsOnLeaving: results)
    }
}
