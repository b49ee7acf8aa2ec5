public import AlboDomain

extension CaseState {
    /// The compact stored form.
    func encoded() -> [UInt8] {
        var w = StateWriter()
        w.string(caseId); w.string(person); w.string(protocolId); w.string(desk); w.personal(targetGroup)
        w.date(openedOn); w.optionalDate(closedOn); w.optionalTerm(closeReason); w.int(version)
        w.uint(UInt64(traineeships.count))
        for t in traineeships {
            w.uint(t.seq); w.string(t.eventId); w.string(t.traineeshipId); w.string(t.host); w.term(t.kind)
            w.date(t.startOn); w.optionalDate(t.plannedEndOn); w.optionalString(t.protocolId)
        }
        w.uint(UInt64(placements.count))
        for p in placements {
            w.uint(p.seq); w.string(p.eventId); w.string(p.employer); w.term(p.contract); w.optionalInt(p.months)
            w.optionalInt(p.hoursPerWeek); w.date(p.startOn); w.date(p.confirmedOn); w.string(p.evidence)
        }
        return w.bytes
    }

    /// Reads the stored form back.
    init(decoding raw: UnsafeRawBufferPointer) throws {
        var r = StateReader(raw)
        caseId = try r.string(); person = try r.string(); protocolId = try r.string(); desk = try r.string()
        targetGroup = try r.personal(); openedOn = try r.date(); closedOn = try r.optionalDate()
        closeReason = try r.optionalTerm(); version = try r.int()
        traineeships = []
        for _ in 0..<(try r.count()) {
            traineeships.append(Traineeship(seq: try r.uint(), eventId: try r.string(), traineeshipId: try r.string(),
                                            host: try r.string(), kind: try r.term(), startOn: try r.date(),
                                            plannedEndOn: try r.optionalDate(), protocolId: try r.optionalString()))
        }
        placements = []
        for _ in 0..<(try r.count()) {
            placements.append(Placement(seq: try r.uint(), eventId: try r.string(), employer: try r.string(),
                                        contract: try r.term(), months: try r.optionalInt(), hoursPerWeek: try r.optionalInt(),
                                        startOn: try r.date(), confirmedOn: try r.date(), evidence: try r.string()))
        }
    }

    /// The `albo query case` object: exactly the contract's keys, closedOn and closeReason
    /// only when closed (Albo has no nulls).
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "caseId": .string(caseId), "person": .string(person), "protocolId": .string(protocolId), "desk": .string(desk),
            "targetGroup": .string(targetGroup.rawValue), "status": .string(status), "openedOn": .string(openedOn.description),
            "traineeships": .array(traineeships.map(\.json)), "placements": .array(placements.map(\.json)),
            "version": .integer(version),
        ]
        if let closedOn { o["closedOn"] = .string(closedOn.description) }
        if let closeReason { o["closeReason"] = .string(closeReason.rawValue) }
        return .object(o)
    }
}

extension CaseState.Traineeship {
    /// The payload's fields (less the case id) with the event's seq and id.
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "seq": .integer(Int64(seq)), "eventId": .string(eventId), "traineeshipId": .string(traineeshipId),
            "host": .string(host), "kind": .string(kind.rawValue), "startOn": .string(startOn.description),
        ]
        if let plannedEndOn { o["plannedEndOn"] = .string(plannedEndOn.description) }
        if let protocolId { o["protocolId"] = .string(protocolId) }
        return .object(o)
    }
}

extension CaseState.Placement {
    /// The payload's fields (less the case id) with the event's seq and id.
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "seq": .integer(Int64(seq)), "eventId": .string(eventId), "employer": .string(employer),
            "contract": .string(contract.rawValue), "startOn": .string(startOn.description),
            "confirmedOn": .string(confirmedOn.description),
            "evidence": .string(evidence),
        ]
        if let months { o["months"] = .integer(months) }
        if let hoursPerWeek { o["hoursPerWeek"] = .integer(hoursPerWeek) }
        return .object(o)
    }
}
