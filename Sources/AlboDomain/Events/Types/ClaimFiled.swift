/// `ClaimFiled`: an outcome-based payment claim, recorded so that what was claimed never
/// changes afterwards, whatever is erased or corrected later. It names placements and
/// cases by id only: no personal data.
public struct ClaimFiled: Sendable, Hashable {
    public var claimId: String
    public var protocolId: String
    public var from: CivilDate
    public var to: CivilDate
    public var filedOn: CivilDate
    public var `operator`: String
    /// The eligible placements claimed, by seq of the placement.
    public var lines: [ClaimLine]

    public init(claimId: String, protocolId: String, from: CivilDate, to: CivilDate, filedOn: CivilDate,
                operator: String, lines: [ClaimLine]) {
        self.claimId = claimId
        self.protocolId = protocolId
        self.from = from
        self.to = to
        self.filedOn = filedOn
        self.operator = `operator`
        self.lines = lines
    }

    /// The sum of the lines.
    public var totalCents: Int64 { lines.reduce(0) { $0 &+ $1.amountCents } }
}

/// One claimed placement: the event, its case, the case stream's version when the claim was
/// filed (so a bundle proves the stream complete up to the claim), and the amount.
public struct ClaimLine: Sendable, Hashable {
    public var placementEventId: String
    public var caseId: String
    public var caseVersion: Int64
    public var amountCents: Int64

    public init(placementEventId: String, caseId: String, caseVersion: Int64, amountCents: Int64) {
        self.placementEventId = placementEventId
        self.caseId = caseId
        self.caseVersion = caseVersion
        self.amountCents = amountCents
    }
}

extension ClaimFiled: PayloadReading {
    public static let eventType = EventType.claimFiled
    public static let payloadVersion = 1
    /// Ids and amounts only: a claim outlives the erasure of its persons.
    public static let personalFields: [PersonalField<ClaimFiled>] = []
    public var streamName: StreamName? { StreamName(.claim, claimId) }
    public var payload: Payload { .claimFiled(self) }

    static func read(_ d: inout some FieldReading, version: Int) -> ClaimFiled? {
        let claimId = d.identifier("claimId", required: true)
        let protocolId = d.identifier("protocolId", required: true)
        let from = d.date("from", required: true)
        let to = d.date("to", required: true)
        let filedOn = d.date("filedOn", required: true)
        let op = d.string("operator", required: true)
        var lines: [ClaimLine] = []
        var linesRead = false
        if var readers = d.objects("lines", required: true, minCount: 1) {
            linesRead = true
            var seen = Set<String>()
            for i in readers.indices {
                let eventId = readers[i].uuid("placementEventId", required: true)
                let caseId = readers[i].identifier("caseId", required: true)
                let caseVersion = readers[i].integer("caseVersion", required: true, in: 2...FieldReader.maxSafeInteger)
                let amount = readers[i].integer("amountCents", required: true, in: 1...FieldReader.maxSafeInteger)
                readers[i].rejectUnknown()
                if let eventId, !seen.insert(eventId).inserted {
                    d.sink.add(readers[i].at("placementEventId"), "distinct", "placement \(eventId) is listed twice; a placement is claimed once.")
                }
                if let eventId, let caseId, let caseVersion, let amount {
                    lines.append(ClaimLine(placementEventId: eventId, caseId: caseId, caseVersion: caseVersion, amountCents: amount))
                }
            }
        }
        if let from, let to, to < from {
            d.sink.add(d.at("to"), "date.order", "to \(to) is before from \(from).")
        }
        if let to, let filedOn, filedOn < to {
            d.sink.add(d.at("filedOn"), "date.order", "filedOn \(filedOn) is before the end of the claimed period (\(to)); a claim is filed once its period is over.")
        }
        guard d.isClean, linesRead, let claimId, let protocolId, let from, let to, let filedOn, let op else { return nil }
        return ClaimFiled(claimId: claimId, protocolId: protocolId, from: from, to: to, filedOn: filedOn, operator: op, lines: lines)
    }
}

extension ClaimFiled {
    /// The payload as `data`, the form `albo append` reads.
    public var data: JSONValue {
        .object([
            "claimId": .string(claimId), "protocolId": .string(protocolId), "from": .string(from.description),
            "to": .string(to.description), "filedOn": .string(filedOn.description), "operator": .string(`operator`),
            "lines": .array(lines.map(\.data)),
        ])
    }
}

extension ClaimLine {
    /// The line as it appears in `data.lines`.
    public var data: JSONValue {
        .object([
            "placementEventId": .string(placementEventId), "caseId": .string(caseId),
            "caseVersion": .integer(caseVersion), "amountCents": .integer(amountCents),
        ])
    }
}
