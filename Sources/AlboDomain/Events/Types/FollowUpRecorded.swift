/// `FollowUpRecorded`: a participant's situation some time after leaving a (closed) case,
/// for the ESF+ longer-term results. `situation` and `betterSituation` are personal data.
public struct FollowUpRecorded: Sendable, Hashable {
    public var caseId: String
    public var on: CivilDate
    public var situation: Personal<FollowUpSituation>
    /// Whether the labour-market situation improved; nil when not recorded.
    public var betterSituation: Sealable<Bool>?

    public init(caseId: String, on: CivilDate, situation: Personal<FollowUpSituation>, betterSituation: Sealable<Bool>? = nil) {
        self.caseId = caseId
        self.on = on
        self.situation = situation
        self.betterSituation = betterSituation
    }
}

extension FollowUpRecorded: PayloadReading {
    public static let eventType = EventType.followUpRecorded
    public static let payloadVersion = 1
    public static let personalFields: [PersonalField<FollowUpRecorded>] = [
        PersonalField("situation") { $0.situation.rawValue },
        PersonalField("betterSituation", structured: true) { $0.betterSituation.map { $0.text { $0 ? "true" : "false" } } },
    ]
    public var streamName: StreamName? { StreamName(.case, caseId) }
    public var payload: Payload { .followUpRecorded(self) }
    /// The earliest version that holds this payload.
    public var writtenVersion: Int { 1 }

    static func read(_ d: inout some FieldReading, version: Int) -> FollowUpRecorded? {
        let caseId = d.identifier("caseId", required: true)
        let on = d.date("on", required: true)
        let situation: Personal<FollowUpSituation>?
        if d.acceptsSealed, let sealed = d.sealedString("situation") {
            situation = .sealed(sealed)
        } else {
            situation = d.oneOf("situation", FollowUpSituation.self, required: true).map { .term($0) }
        }
        let better = d.has("betterSituation") ? d.sealable("betterSituation") { $0.boolean("betterSituation", required: true) } : nil
        guard d.isClean, let caseId, let on, let situation else { return nil }
        return FollowUpRecorded(caseId: caseId, on: on, situation: situation, betterSituation: better)
    }
}
