/// `CaseOpened`: a person taken in charge under a protocol at a desk.
public struct CaseOpened: Sendable, Hashable {
    public var caseId: String
    public var person: String
    public var protocolId: String
    public var desk: String
    public var targetGroup: Personal<TargetGroup>
    public var referredBy: String?
    public var caseManager: String?
    public var measure: String?
    public var openedOn: CivilDate
    /// Payload version 2: the participant's characteristics on entry (ESF+), sealed as one value.
    public var participant: Sealable<Participant>?

    public init(caseId: String, person: String, protocolId: String, desk: String, targetGroup: Personal<TargetGroup>,
                referredBy: String?, caseManager: String?, measure: String?, openedOn: CivilDate, participant: Sealable<Participant>? = nil) {
        self.caseId = caseId
        self.person = person
        self.protocolId = protocolId
        self.desk = desk
        self.targetGroup = targetGroup
        self.referredBy = referredBy
        self.caseManager = caseManager
        self.measure = measure
        self.openedOn = openedOn
        self.participant = participant
    }
}

extension CaseOpened: PayloadReading {
    public static let eventType = EventType.caseOpened
    /// Version 2 adds `participant`. An opening without it is still written as version 1
    /// (the same bytes as before version 2 existed).
    public static let payloadVersion = 2
    /// `caseManager` names staff, not the subject, and stays in clear.
    public static let personalFields: [PersonalField<CaseOpened>] = [
        PersonalField("person") { $0.person },
        PersonalField("referredBy") { $0.referredBy },
        PersonalField("targetGroup") { $0.targetGroup.rawValue },
        PersonalField("participant", structured: true) { $0.participant.map { $0.text { $0.canonicalText } } },
    ]
    /// The earliest version that holds this payload.
    public var writtenVersion: Int { participant == nil ? 1 : 2 }
    public var streamName: StreamName? { StreamName(.case, caseId) }
    public var payload: Payload { .caseOpened(self) }

    static func read(_ d: inout some FieldReading, version: Int) -> CaseOpened? {
        let caseId = d.identifier("caseId", required: true)
        let person = d.personal("person") { $0.identifier("person", required: true) }
        if let person, !SealedValue.isSealed(person), Identifier.containsTaxCode(person) {
            d.sink.add(d.at("person"), "person.tax-code", "\"person\" looks like a tax code (codice fiscale); record only the pseudonymous reference.")
        }
        let protocolId = d.identifier("protocolId", required: true)
        let desk = d.string("desk", required: true)
        let targetGroup: Personal<TargetGroup>?
        if d.acceptsSealed, let sealed = d.sealedString("targetGroup") {
            targetGroup = .sealed(sealed)
        } else {
            targetGroup = d.oneOf("targetGroup", TargetGroup.self, required: true).map { .term($0) }
        }
        let referredBy = d.personal("referredBy") { $0.string("referredBy", required: false) }
        // A sealed store names the subject in clear beside the sealed person; input never does.
        if d.acceptsSealed, d.has(PersonalFields.subjectField) {
            if let subject = d.string(PersonalFields.subjectField, required: true), !SubjectReference.isValid(subject) {
                d.sink.add(d.at(PersonalFields.subjectField), "subject", "\"subject\" must be a subject reference (s- and 26 base32 characters).")
            }
        }
        let caseManager = d.string("caseManager", required: false)
        let measure = d.string("measure", required: false)
        let openedOn = d.date("openedOn", required: true)
        let participant = version >= 2 && d.has("participant") ? d.sealable("participant") { Participant.read(&$0) } : nil
        guard d.isClean, let caseId, let person, let protocolId, let desk, let targetGroup, let openedOn else { return nil }
        return CaseOpened(caseId: caseId, person: person, protocolId: protocolId, desk: desk, targetGroup: targetGroup,
                          referredBy: referredBy, caseManager: caseManager, measure: measure, openedOn: openedOn, participant: participant)
    }
}
