/// The rules that need the recorded state, and the state changes an accepted event makes.
///
/// A voided event counts as never recorded: voiding undoes exactly what recording did,
/// so an identifier it introduced becomes free again.
public enum LedgerRules {
    /// Checks `event` against `facts`; returns its stream when it may be recorded.
    public static func check(_ event: IncomingEvent, against facts: some LedgerFacts, sink: ViolationSink) throws -> String? {
        let before = sink.items.count
        var stream = event.payload.stream
        switch event.payload {
        case .protocolSigned(let p):
            if try facts.protocolFacts(p.protocolId) != nil {
                sink.add("data.protocolId", "protocol.exists", "protocol \"\(p.protocolId)\" was already signed; a protocolId can be opened only once.")
            }
        case .hireAnnounced(let h):
            if try facts.hireExists(h.hireId) {
                sink.add("data.hireId", "hire.exists", "hire \"\(h.hireId)\" was already announced; a hireId can be opened only once.")
            }
            if let pid = h.protocolId, try facts.protocolFacts(pid) == nil {
                sink.add("data.protocolId", "protocol.not-found", "no protocol \"\(pid)\" is recorded; append its ProtocolSigned first.")
            }
        case .caseOpened(let c):
            if try facts.caseFacts(c.caseId) != nil {
                sink.add("data.caseId", "case.exists", "case \"\(c.caseId)\" was already opened; a caseId can be opened only once.")
            }
            if let p = try facts.protocolFacts(c.protocolId) {
                if c.openedOn < p.validFrom || (p.validTo.map { c.openedOn > $0 } ?? false) {
                    let to = p.validTo.map { " to \($0)" } ?? " onwards"
                    sink.add("data.openedOn", "protocol.not-valid", "openedOn \(c.openedOn) is outside protocol \"\(c.protocolId)\"'s validity (\(p.validFrom)\(to)).")
                }
            } else {
                sink.add("data.protocolId", "protocol.not-found", "no protocol \"\(c.protocolId)\" is recorded; append its ProtocolSigned first.")
            }
        case .traineeshipStarted(let t):
            try requireOpenCase(t.caseId, dates: [("startOn", t.startOn)], facts, sink)
            if try facts.traineeshipExists(t.traineeshipId) {
                sink.add("data.traineeshipId", "traineeship.exists", "traineeship \"\(t.traineeshipId)\" already exists; traineeshipIds are unique.")
            }
            if let pid = t.protocolId, try facts.protocolFacts(pid) == nil {
                sink.add("data.protocolId", "protocol.not-found", "no protocol \"\(pid)\" is recorded; append its ProtocolSigned first.")
            }
        case .placementConfirmed(let p):
            try requireOpenCase(p.caseId, dates: [("startOn", p.startOn), ("confirmedOn", p.confirmedOn)], facts, sink)
        case .caseClosed(let c):
            try requireOpenCase(c.caseId, dates: [("closedOn", c.closedOn)], facts, sink)
        case .followUpRecorded(let f):
            if let c = try facts.caseFacts(f.caseId) {
                if c.isOpen {
                    sink.add("data.caseId", "case.open", "case \"\(f.caseId)\" is still open; a follow-up is recorded after the case is closed.")
                } else if let closed = try facts.caseClosedOn(f.caseId), f.on < closed {
                    sink.add("data.on", "date.before-closed", "on \(f.on) is before the case was closed (\(closed)).")
                }
            } else {
                sink.add("data.caseId", "case.not-found", "no case \"\(f.caseId)\" is recorded; append its CaseOpened first.")
            }
        case .eventVoided(let v):
            stream = try checkVoid(v, facts, sink)
        case .subjectErased(let e):
            if try facts.streamVersion(StreamName(.subject, e.subject).rawValue) > 0 {
                sink.add("data.subject", "subject.erased", "subject \(e.subject) is already recorded as erased.")
            }
        case .claimFiled(let c):
            // What the claim must say is the payment rules' business (AlboEvidence's claim rule).
            if try facts.streamVersion(StreamName(.claim, c.claimId).rawValue) > 0 {
                sink.add("data.claimId", "claim.exists", "claim \"\(c.claimId)\" was already filed; a claimId is used once.")
            }
            if try facts.protocolFacts(c.protocolId) == nil {
                sink.add("data.protocolId", "protocol.not-found", "no protocol \"\(c.protocolId)\" is recorded; a claim is filed under a signed protocol.")
            }
        case .claimPaid(let p):
            if try facts.streamVersion(StreamName(.claim, p.claimId).rawValue) == 0 {
                sink.add("data.claimId", "claim.not-found", "no claim \"\(p.claimId)\" is filed; file it first (albo claim).")
            }
        }
        if let stream, let expected = event.expectedVersion {
            let current = try facts.streamVersion(stream)
            if current != expected {
                sink.add("expectedVersion", Violation.versionConflict,
                         "stream \(stream) is at version \(current), not \(expected): someone else wrote to it; re-read it and retry.")
            }
        }
        return sink.items.count == before ? stream : nil
    }

    private static func requireOpenCase(_ caseId: String, dates: [(String, CivilDate)], _ facts: some LedgerFacts, _ sink: ViolationSink) throws {
        guard let c = try facts.caseFacts(caseId) else {
            sink.add("data.caseId", "case.not-found", "no case \"\(caseId)\" is recorded; append its CaseOpened first.")
            return
        }
        if !c.isOpen {
            sink.add("data.caseId", "case.closed", "case \"\(caseId)\" is closed; void its CaseClosed first if it must go on.")
        }
        for (field, date) in dates where date < c.openedOn {
            sink.add("data.\(field)", "date.before-opened", "\(field) \(date) is before the case was opened (\(c.openedOn)).")
        }
    }

    private static func checkVoid(_ v: EventVoided, _ facts: some LedgerFacts, _ sink: ViolationSink) throws -> String? {
        guard let target = try facts.recordedEvent(id: v.eventId) else {
            sink.add("data.eventId", "event.not-found", "no event \(v.eventId) is recorded; a void must name an earlier event.")
            return nil
        }
        if target.isVoided {
            sink.add("data.eventId", "event.voided", "event \(v.eventId) is already voided.")
            return nil
        }
        switch target.payload {
        case .eventVoided:
            sink.add("data.eventId", "void.of-void", "event \(v.eventId) is itself a void; voids cannot be voided.")
            return nil
        case .subjectErased:
            sink.add("data.eventId", "void.of-erasure", "event \(v.eventId) records an erasure; an erasure cannot be undone.")
            return nil
        case .protocolSigned(let p):
            if let f = try facts.protocolFacts(p.protocolId), f.references > 0 {
                sink.add("data.eventId", "void.orphans", "protocol \"\(p.protocolId)\" is named by \(f.references) live hire(s), case(s) or traineeship(s); void those first.")
            }
        case .caseOpened(let c):
            if let f = try facts.caseFacts(c.caseId), f.laterEvents > 0 {
                sink.add("data.eventId", "void.orphans", "case \"\(c.caseId)\" has \(f.laterEvents) live later event(s); void those first.")
            }
        case .hireAnnounced, .traineeshipStarted, .placementConfirmed, .caseClosed, .followUpRecorded, .claimFiled, .claimPaid:
            // A claim's void is checked with its payments by the claim rule.
            break
        }
        return target.stream
    }

    // MARK: - Effects

    /// The version the next event of `stream` gets: one past its last, so versions are gapless.
    public static func nextVersion(of stream: String, in facts: some LedgerFacts) throws -> Int64 {
        try facts.streamVersion(stream) + 1
    }

    /// Records in `facts` what the accepted `event` changes, now that it is at `seq` and at
    /// `version` of `stream` (``nextVersion(of:in:)`` when appending; what the record says
    /// when verifying, so that one jump in a stream is one problem, not one per later event).
    public static func apply(_ event: IncomingEvent, seq: UInt64, stream: String, version: Int64, to facts: some LedgerFacts) throws {
        try facts.setStreamVersion(stream, version)
        switch event.payload {
        case .eventVoided(let v):
            guard let target = try facts.recordedEvent(id: v.eventId) else { return }
            try facts.markVoided(seq: target.seq, by: seq)
            try undo(target.payload, facts)
        case .protocolSigned, .hireAnnounced, .caseOpened, .traineeshipStarted, .placementConfirmed, .caseClosed, .subjectErased,
             .followUpRecorded, .claimFiled, .claimPaid:
            try record(event.payload, facts)
        }
    }

    private static func record(_ payload: Payload, _ facts: some LedgerFacts) throws {
        switch payload {
        case .protocolSigned(let p):
            try facts.setProtocol(p.protocolId, ProtocolFacts(validFrom: p.validFrom, validTo: p.validTo, references: 0))
        case .hireAnnounced(let h):
            try facts.setHire(h.hireId, exists: true)
            try reference(h.protocolId, by: 1, facts)
        case .caseOpened(let c):
            try facts.setCase(c.caseId, CaseFacts(protocolId: c.protocolId, openedOn: c.openedOn, isOpen: true, laterEvents: 0))
            try reference(c.protocolId, by: 1, facts)
        case .traineeshipStarted(let t):
            try facts.setTraineeship(t.traineeshipId, exists: true)
            try reference(t.protocolId, by: 1, facts)
            try updateCase(t.caseId, facts) { $0.laterEvents += 1 }
        case .placementConfirmed(let p):
            try updateCase(p.caseId, facts) { $0.laterEvents += 1 }
        case .caseClosed(let c):
            try updateCase(c.caseId, facts) { $0.laterEvents += 1; $0.isOpen = false }
            try facts.setCaseClosedOn(c.caseId, c.closedOn)
        case .followUpRecorded(let f):
            try updateCase(f.caseId, facts) { $0.laterEvents += 1 }
        case .claimFiled(let c):
            try reference(c.protocolId, by: 1, facts)
        case .eventVoided, .subjectErased, .claimPaid:
            break
        }
    }

    private static func undo(_ payload: Payload, _ facts: some LedgerFacts) throws {
        switch payload {
        case .protocolSigned(let p):
            try facts.setProtocol(p.protocolId, nil)
        case .hireAnnounced(let h):
            try facts.setHire(h.hireId, exists: false)
            try reference(h.protocolId, by: -1, facts)
        case .caseOpened(let c):
            try facts.setCase(c.caseId, nil)
            try reference(c.protocolId, by: -1, facts)
        case .traineeshipStarted(let t):
            try facts.setTraineeship(t.traineeshipId, exists: false)
            try reference(t.protocolId, by: -1, facts)
            try updateCase(t.caseId, facts) { $0.laterEvents -= 1 }
        case .placementConfirmed(let p):
            try updateCase(p.caseId, facts) { $0.laterEvents -= 1 }
        case .caseClosed(let c):
            try updateCase(c.caseId, facts) { $0.laterEvents -= 1; $0.isOpen = true }
            try facts.setCaseClosedOn(c.caseId, nil)
        case .followUpRecorded(let f):
            try updateCase(f.caseId, facts) { $0.laterEvents -= 1 }
        case .claimFiled(let c):
            try reference(c.protocolId, by: -1, facts)
        case .eventVoided, .subjectErased, .claimPaid:
            break
        }
    }

    private static func reference(_ protocolId: String?, by delta: Int64, _ facts: some LedgerFacts) throws {
        guard let protocolId, var p = try facts.protocolFacts(protocolId) else { return }
        p.references += delta
        try facts.setProtocol(protocolId, p)
    }

    private static func updateCase(_ caseId: String, _ facts: some LedgerFacts, _ change: (inout CaseFacts) -> Void) throws {
        guard var c = try facts.caseFacts(caseId) else { return }
        change(&c)
        try facts.setCase(caseId, c)
    }
}
