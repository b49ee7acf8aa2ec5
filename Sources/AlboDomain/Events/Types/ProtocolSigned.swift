/// `ProtocolSigned`: a memorandum, convention, agreement or service contract between parties.
public struct ProtocolSigned: Sendable, Hashable {
    public var protocolId: String
    public var title: String
    public var kind: ProtocolKind
    public var parties: [String]
    public var lead: String?
    public var signedOn: CivilDate
    public var validFrom: CivilDate
    public var validTo: CivilDate?
    public var funding: String?
    public var outcomePayment: OutcomePayment?

    /// Whether `date` falls within [validFrom, validTo].
    public func isValid(on date: CivilDate) -> Bool {
        date >= validFrom && (validTo.map { date <= $0 } ?? true)
    }
}

/// The terms under which an operator is paid only for placements.
public struct OutcomePayment: Sendable, Hashable {
    public var `operator`: String
    /// Target group → amount in euro cents.
    public var tariffs: [TargetGroup: Int64]
    public var eligibleContracts: [PlacementContract]
    public var minFixedTermMonths: Int64?
}

extension ProtocolSigned: PayloadReading {
    public static let eventType = EventType.protocolSigned
    public static let payloadVersion = 1
    public static let personalFields: [PersonalField<ProtocolSigned>] = []
    public var streamName: StreamName? { StreamName(.protocol, protocolId) }
    public var payload: Payload { .protocolSigned(self) }

    static func read(_ d: inout some FieldReading, version: Int) -> ProtocolSigned? {
        let protocolId = d.identifier("protocolId", required: true)
        let title = d.string("title", required: true, maxLength: 500)
        let kind = d.oneOf("kind", ProtocolKind.self, required: true)
        let parties = d.strings("parties", required: true, minCount: 2)
        let lead = d.string("lead", required: false)
        let signedOn = d.date("signedOn", required: true)
        let validFrom = d.date("validFrom", required: true)
        let validTo = d.date("validTo", required: false)
        let funding = d.string("funding", required: false)
        var terms: OutcomePayment?
        if var op = d.object("outcomePayment", required: false) {
            terms = outcomePayment(&op)
            op.rejectUnknown()
        }
        if let lead, let parties, !parties.contains(lead) {
            d.sink.add(d.at("lead"), "lead.not-party", "the lead \"\(lead)\" must be one of the parties.")
        }
        if let validFrom, let validTo, validTo < validFrom {
            d.sink.add(d.at("validTo"), "date.order", "validTo \(validTo) is before validFrom \(validFrom).")
        }
        guard d.isClean, let protocolId, let title, let kind, let parties, let signedOn, let validFrom else { return nil }
        if d.has("outcomePayment") && terms == nil { return nil }
        return ProtocolSigned(protocolId: protocolId, title: title, kind: kind, parties: parties, lead: lead,
                              signedOn: signedOn, validFrom: validFrom, validTo: validTo, funding: funding, outcomePayment: terms)
    }

    private static func outcomePayment(_ o: inout some FieldReading) -> OutcomePayment? {
        let op = o.string("operator", required: true)
        var tariffs: [TargetGroup: Int64]?
        if var t = o.object("tariffs", required: true) {
            var found: [TargetGroup: Int64] = [:]
            for name in t.sortedKeys() {
                guard let group = TargetGroup(rawValue: name) else {
                    o.sink.add(t.at(name), "enum", "\"\(name)\" is not a target group; use one of \(TargetGroup.names.joined(separator: ", ")).")
                    _ = t.value(name, required: false)
                    continue
                }
                if let cents = t.integer(name, required: true, in: 1...FieldReader.maxSafeInteger) { found[group] = cents }
            }
            if t.isEmpty { o.sink.add(o.at("tariffs"), "length", "\"tariffs\" needs at least one target group with its amount in cents.") }
            tariffs = found
        }
        let contracts = o.terms("eligibleContracts", PlacementContract.self, required: true, minCount: 1)
        let minMonths = o.integer("minFixedTermMonths", required: false, in: 1...1200)
        guard o.isClean, let op, let tariffs, let contracts else { return nil }
        return OutcomePayment(operator: op, tariffs: tariffs, eligibleContracts: contracts, minFixedTermMonths: minMonths)
    }
}
