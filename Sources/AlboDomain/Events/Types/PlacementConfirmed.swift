/// `PlacementConfirmed`: a job placement, proven by its UNILAV reference.
public struct PlacementConfirmed: Sendable, Hashable {
    public var caseId: String
    public var employer: String
    public var contract: PlacementContract
    public var months: Int64?
    public var hoursPerWeek: Int64?
    public var startOn: CivilDate
    public var confirmedOn: CivilDate
    public var evidence: String

    public init(caseId: String, employer: String, contract: PlacementContract, months: Int64?, hoursPerWeek: Int64?,
                startOn: CivilDate, confirmedOn: CivilDate, evidence: String) {
        self.caseId = caseId
        self.employer = employer
        self.contract = contract
        self.months = months
        self.hoursPerWeek = hoursPerWeek
        self.startOn = startOn
        self.confirmedOn = confirmedOn
        self.evidence = evidence
    }
}

extension PlacementConfirmed: PayloadReading {
    public static let eventType = EventType.placementConfirmed
    public static let payloadVersion = 1
    /// The employer and the hiring communication identify the person; contract, months and dates do not.
    public static let personalFields: [PersonalField<PlacementConfirmed>] = [
        PersonalField("employer") { $0.employer },
        PersonalField("evidence") { $0.evidence },
    ]
    public var streamName: StreamName? { StreamName(.case, caseId) }
    public var payload: Payload { .placementConfirmed(self) }

    static func read(_ d: inout some FieldReading, version: Int) -> PlacementConfirmed? {
        let caseId = d.identifier("caseId", required: true)
        let employer = d.personal("employer") { $0.string("employer", required: true) }
        let contract = d.oneOf("contract", PlacementContract.self, required: true)
        let months = d.integer("months", required: false, in: 1...1200)
        let hours = d.integer("hoursPerWeek", required: false, in: 1...48)
        let startOn = d.date("startOn", required: true)
        let confirmedOn = d.date("confirmedOn", required: true)
        let evidence = d.personal("evidence") { $0.string("evidence", required: true) }
        if contract == .fixedTerm, !d.has("months") {
            d.sink.add(d.at("months"), "months.required", "a fixed-term placement needs \"months\", its duration in months.")
        }
        if let contract, contract != .fixedTerm, d.has("months") {
            d.sink.add(d.at("months"), "months.forbidden", "\"months\" is only for fixed-term contracts; remove it from a \(contract) placement.")
        }
        guard d.isClean, let caseId, let employer, let contract, let startOn, let confirmedOn, let evidence else { return nil }
        return PlacementConfirmed(caseId: caseId, employer: employer, contract: contract, months: months, hoursPerWeek: hours,
                                  startOn: startOn, confirmedOn: confirmedOn, evidence: evidence)
    }
}
