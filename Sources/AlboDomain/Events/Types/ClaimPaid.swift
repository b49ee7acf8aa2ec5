/// `ClaimPaid`: a payment received against a filed claim (all of it, or a part).
public struct ClaimPaid: Sendable, Hashable {
    public var claimId: String
    public var paidOn: CivilDate
    public var amountCents: Int64

    public init(claimId: String, paidOn: CivilDate, amountCents: Int64) {
        self.claimId = claimId
        self.paidOn = paidOn
        self.amountCents = amountCents
    }
}

extension ClaimPaid: PayloadReading {
    public static let eventType = EventType.claimPaid
    public static let payloadVersion = 1
    public static let personalFields: [PersonalField<ClaimPaid>] = []
    public var streamName: StreamName? { StreamName(.claim, claimId) }
    public var payload: Payload { .claimPaid(self) }

    static func read(_ d: inout some FieldReading, version: Int) -> ClaimPaid? {
        let claimId = d.identifier("claimId", required: true)
        let paidOn = d.date("paidOn", required: true)
        let amount = d.integer("amountCents", required: true, in: 1...FieldReader.maxSafeInteger)
        guard d.isClean, let claimId, let paidOn, let amount else { return nil }
        return ClaimPaid(claimId: claimId, paidOn: paidOn, amountCents: amount)
    }
}

extension ClaimPaid {
    /// The payload as `data`, the form `albo append` reads.
    public var data: JSONValue {
        .object(["claimId": .string(claimId), "paidOn": .string(paidOn.description), "amountCents": .integer(amountCents)])
    }
}
