/// `HireAnnounced`: positions an employer announces.
public struct HireAnnounced: Sendable, Hashable {
    public var hireId: String
    public var employer: String
    public var role: String
    public var positions: Int64
    public var contract: HireContract
    public var recruitment: Recruitment?
    public var office: String?
    public var funding: String?
    public var protocolId: String?
    public var announcedOn: CivilDate
}

extension HireAnnounced: PayloadReading {
    public static let eventType = EventType.hireAnnounced
    public static let payloadVersion = 1
    /// An employer's announcement names no data subject.
    public static let personalFields: [PersonalField<HireAnnounced>] = []
    public var streamName: StreamName? { StreamName(.hire, hireId) }
    public var payload: Payload { .hireAnnounced(self) }

    static func read(_ d: inout some FieldReading, version: Int) -> HireAnnounced? {
        let hireId = d.identifier("hireId", required: true)
        let employer = d.string("employer", required: true)
        let role = d.string("role", required: true)
        let positions = d.integer("positions", required: true, in: 1...100_000)
        let contract = d.oneOf("contract", HireContract.self, required: true)
        let recruitment = d.oneOf("recruitment", Recruitment.self, required: false)
        let office = d.string("office", required: false)
        let funding = d.string("funding", required: false)
        let protocolId = d.identifier("protocolId", required: false)
        let announcedOn = d.date("announcedOn", required: true)
        guard d.isClean, let hireId, let employer, let role, let positions, let contract, let announcedOn else { return nil }
        return HireAnnounced(hireId: hireId, employer: employer, role: role, positions: positions, contract: contract,
                             recruitment: recruitment, office: office, funding: funding, protocolId: protocolId, announcedOn: announcedOn)
    }
}
