/// Turns one parsed input line into an `IncomingEvent`, checking every rule that
/// needs no store: envelope shape, types, vocabularies, identifiers, dates, and
/// rules between fields of the same event.
public enum EventDecoder {
    /// Decodes `value`, the parsed JSON of line `sink.line`; nil when any rule failed.
    ///
    /// The reference path, over a dictionary; ``decode(tape:sink:)`` gives the same result.
    public static func decode(_ value: JSONValue, sink: ViolationSink) -> IncomingEvent? {
        guard case .object(let envelope) = value else {
            sink.add("", "type", "each line must be a JSON object, not \(value.typeName).")
            return nil
        }
        var r = FieldReader(envelope, path: "", sink: sink)
        sink.eventId = envelope["id"]?.stringValue
        let id = r.uuid("id", required: true)
        if let id { sink.eventId = id }
        let typeName = r.value("type", required: true)
        var type: EventType?
        if let typeName {
            type = typeName.stringValue.flatMap(EventType.init(rawValue:))
            if type == nil {
                sink.add("type", "enum", "\"type\" must be one of \(EventType.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        let recordedBy = r.string("recordedBy", required: true, maxLength: 64)
        let expectedVersion = r.integer("expectedVersion", required: false, in: 0...FieldReader.maxSafeInteger)
        let data = r.object("data", required: true)
        r.rejectUnknown()
        guard var data, let type else { return nil }
        let payload = decodePayload(type, &data)
        data.rejectUnknown()
        guard sink.isEmpty, let payload, let id, let recordedBy else { return nil }
        var stored = data.object
        if case .eventVoided(let v) = payload { stored["eventId"] = .string(v.eventId) }
        return IncomingEvent(id: id, type: type, recordedBy: recordedBy, expectedVersion: expectedVersion,
                             dataBytes: CanonicalJSON.encode(.object(stored)), payload: payload)
    }

    /// Decodes a stored payload of a known type (the reference path, over a dictionary).
    public static func payload(_ type: EventType, _ data: [String: JSONValue], sink: ViolationSink) -> Payload? {
        var reader = FieldReader(data, path: "data", sink: sink)
        reader.acceptsSealed = true
        let payload = decodePayload(type, &reader)
        reader.rejectUnknown()
        return sink.isEmpty ? payload : nil
    }

    static func decodePayload(_ type: EventType, _ d: inout some FieldReading) -> Payload? {
        switch type {
        case .protocolSigned: protocolSigned(&d).map(Payload.protocolSigned)
        case .hireAnnounced: hireAnnounced(&d).map(Payload.hireAnnounced)
        case .caseOpened: caseOpened(&d).map(Payload.caseOpened)
        case .traineeshipStarted: traineeshipStarted(&d).map(Payload.traineeshipStarted)
        case .placementConfirmed: placementConfirmed(&d).map(Payload.placementConfirmed)
        case .caseClosed: caseClosed(&d).map(Payload.caseClosed)
        case .eventVoided: eventVoided(&d).map(Payload.eventVoided)
        case .subjectErased: subjectErased(&d).map(Payload.subjectErased)
        }
    }

    // MARK: - Payloads

    private static func protocolSigned(_ d: inout some FieldReading) -> ProtocolSigned? {
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

    private static func hireAnnounced(_ d: inout some FieldReading) -> HireAnnounced? {
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

    private static func caseOpened(_ d: inout some FieldReading) -> CaseOpened? {
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
        guard d.isClean, let caseId, let person, let protocolId, let desk, let targetGroup, let openedOn else { return nil }
        return CaseOpened(caseId: caseId, person: person, protocolId: protocolId, desk: desk, targetGroup: targetGroup,
                          referredBy: referredBy, caseManager: caseManager, measure: measure, openedOn: openedOn)
    }

    private static func traineeshipStarted(_ d: inout some FieldReading) -> TraineeshipStarted? {
        let caseId = d.identifier("caseId", required: true)
        let traineeshipId = d.identifier("traineeshipId", required: true)
        let host = d.personal("host") { $0.string("host", required: true) }
        let kind = d.oneOf("kind", TraineeshipKind.self, required: true)
        let startOn = d.date("startOn", required: true)
        let plannedEndOn = d.date("plannedEndOn", required: false)
        let protocolId = d.identifier("protocolId", required: false)
        if let startOn, let plannedEndOn, plannedEndOn < startOn {
            d.sink.add(d.at("plannedEndOn"), "date.order", "plannedEndOn \(plannedEndOn) is before startOn \(startOn).")
        }
        guard d.isClean, let caseId, let traineeshipId, let host, let kind, let startOn else { return nil }
        return TraineeshipStarted(caseId: caseId, traineeshipId: traineeshipId, host: host, kind: kind,
                                  startOn: startOn, plannedEndOn: plannedEndOn, protocolId: protocolId)
    }

    private static func placementConfirmed(_ d: inout some FieldReading) -> PlacementConfirmed? {
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

    private static func caseClosed(_ d: inout some FieldReading) -> CaseClosed? {
        let caseId = d.identifier("caseId", required: true)
        let reason = d.oneOf("reason", CloseReason.self, required: true)
        let closedOn = d.date("closedOn", required: true)
        guard d.isClean, let caseId, let reason, let closedOn else { return nil }
        return CaseClosed(caseId: caseId, reason: reason, closedOn: closedOn)
    }

    private static func subjectErased(_ d: inout some FieldReading) -> SubjectErased? {
        let subject = d.string("subject", required: true, maxLength: 28)
        if let subject, !SubjectReference.isValid(subject) {
            d.sink.add(d.at("subject"), "subject", "\"subject\" must be a subject reference (s- and 26 base32 characters).")
        }
        let reason = d.string("reason", required: true, maxLength: 500)
        guard d.isClean, let subject, let reason else { return nil }
        return SubjectErased(subject: subject, reason: reason)
    }

    private static func eventVoided(_ d: inout some FieldReading) -> EventVoided? {
        let eventId = d.uuid("eventId", required: true)
        let reason = d.string("reason", required: true, maxLength: 500)
        guard d.isClean, let eventId, let reason else { return nil }
        return EventVoided(eventId: eventId, reason: reason)
    }
}
