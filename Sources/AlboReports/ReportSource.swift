public import AlboLog
import AlboDomain
import AlboProjections
import AlboEvidence
import AlboSealing
import Transparency

// The one place AlboReports reads the store. Everything else in the module works on the
// plain `ReportSnapshot` this builds, so a change to the Ledger or projection read API is
// adapted here alone.

/// Reads a `ReportSnapshot` from a ledger through its projections, in one read transaction.
public enum ReportSource {
    /// The state at `asOf` (the whole log when nil), narrowed to `scope` and to the cases
    /// with a date (opening, traineeship start, placement confirmation, closing) in `window`
    /// (all when nil): no other case counts in a figure of that window. The payment rules get
    /// the history of each case with a placement confirmed in the window or before it (an
    /// earlier placement may be the person's paid one), or with voided events: from the case's
    /// folded state, or from its stream when voids are in it. Target groups and referrers are read for the cases opened in
    /// `referrerWindow` only, as only the cohort of the report's semester is broken down by them.
    public static func snapshot(reader: LogReader, scope: ReportScope, asOf: AsOf?, window: ReportPeriod? = nil,
                                referrerWindow: ReportPeriod) throws -> ReportSnapshot {
        let runner = ProjectionRunner(reader: reader)
        return try runner.read(asOf: asOf) { view in
            let size = view.size
            guard size > 0 else { throw ReportError(.notFound, "the log is empty: append events (`albo append`) before writing a report") }
            let log = view.log
            var clock = PhaseClock()
            let protocols = try readProtocols(view, scope: scope)
            let known = Set(protocols.map(\.protocolId))
            if let missing = scope.protocols.first(where: { !known.contains($0) }) {
                throw ReportError(.notFound, "no protocol \"\(missing)\" is recorded as of tree size \(size); `albo query protocols` lists them")
            }
            clock.lap("report: protocols")
            let payers = Set(protocols.filter(\.paysOnOutcomes).map(\.protocolId))
            let referrers = try view.caseReferrers(protocolIds: protocols.map(\.protocolId),
                                                   from: referrerWindow.first, to: referrerWindow.last)
            clock.lap("report: referrers")
            // Per case: the report's view of it (nil when no date of it falls in the window), and
            // what the payment rules read of it. Personal fields are as stored.
            var read = try view.compactMapCaseRows { (c: CaseRow) -> CaseRead? in
                let protocolId = c.protocolId, desk = c.desk
                guard scope.includes(protocol: protocolId) else { return nil }
                // A case at another desk counts in no figure, but the payment rules read it: a
                // person paid through one desk is paid once per protocol (the figures keep the
                // desks' own placements).
                let deskInScope = scope.includes(desk: desk)
                func inside(_ day: CivilDate) -> Bool { window?.contains(day) ?? true }
                let claimable = c.placements.contains { inside($0.confirmedOn) }
                var claim: CaseClaim?
                if payers.contains(protocolId) {
                    // Events beyond the live ones are voids and what they voided (a voided
                    // placement is a rejection): only the stream tells them apart.
                    let live = 1 + c.traineeshipStarts.count + c.placements.count + (c.closedOn == nil ? 0 : 1)
                    if c.version > Int64(live) {
                        claim = .stream(c.caseId, subject: c.targetGroupSubject, person: c.personKey)
                    } else if deskInScope && claimable {
                        claim = .history(Self.history(try c.state(), person: c.personKey))
                    } else if c.placements.contains(where: { p in window.map { p.confirmedOn <= $0.last } ?? true }) {
                        // A placement before the window, or at another desk, may be the person's
                        // first eligible one under the protocol (rule 6): read later, and only
                        // for the persons with a placement the figures count.
                        claim = .other(c.caseId, person: c.personKey)
                    }
                }
                guard deskInScope, inside(c.openedOn) || claimable || c.closedOn.map(inside) == true || c.traineeshipStarts.contains(where: inside)
                else { return claim.map { CaseRead(report: nil, claim: $0) } }
                let caseId = c.caseId
                return CaseRead(report: ReportCase(
                    caseId: caseId, person: c.personKey, protocolId: protocolId, desk: desk, targetGroup: referrerWindow.contains(c.openedOn) ? try c.targetGroup() : nil,
                    referredBy: referrers[caseId], openedOn: c.openedOn, closedOn: c.closedOn,
                    closeReason: c.closeReason, traineeshipStarts: c.traineeshipStarts, placements: c.placements), claim: claim)
            }
            clock.lap("report: cases")
            // The histories the payment rules read: from the folded state of a case with no
            // void, from its stream otherwise. Each case is moved out of `read` (popLast), not
            // copied: a copy of 100,000s of cases costs a retain and a release per text and list.
            var cases: [ReportCase] = []
            cases.reserveCapacity(read.count)
            var histories: [String: [CaseHistory]] = [:]
            var voidedStreams: [StreamName] = []
            var claimSubjects: [String] = []
            var persons = Set<String>()
            var others: [(caseId: String, person: String)] = []
            while var r = read.popLast() {
                // take(): each part moved out of `r`, not copied then released with it.
                switch r.claim.take() {
                case .history(let h):
                    persons.insert(h.subject)
                    histories[h.opening.protocolId, default: []].append(h)
                case .stream(let caseId, let subject, let person):
                    voidedStreams.append(StreamName(.case, caseId))
                    persons.insert(person)
                    if let subject { claimSubjects.append(subject) }
                case .other(let caseId, let person): others.append((caseId, person))
                case nil: break
                }
                if let c = r.report.take() { cases.append(c) }
            }
            // The other cases of the persons the rules judge: few (a person's second case).
            for o in others where persons.contains(o.person) {
                guard let state = try view.case(o.caseId) else { continue }
                let h = Self.history(state, person: o.person)
                histories[h.opening.protocolId, default: []].append(h)
            }
            clock.lap("report: other cases of \(persons.count) persons")
            cases.reverse()
            voidedStreams.reverse()
            // The only personal fields a figure reads: the target group and referrer of the
            // report's own cohort (cases opened in the referrer window), and the target group of
            // each case the payment rules read. Only those subjects' keys are read (on another
            // thread, while the streams with voids are read here) and only those values opened:
            // reading every key and opening every case would cost more than the rest of the report.
            let cohort = cases.indices.filter { referrerWindow.contains(cases[$0].openedOn) }
            var subjects: Set<String> = []
            for i in cohort {
                if let s = cases[i].targetGroup.flatMap({ SealedValue.subject(of: $0.rawValue) }) { subjects.insert(s) }
            }
            for h in histories.values.joined() {
                if let s = SealedValue.subject(of: h.opening.targetGroup.rawValue) { subjects.insert(s) }
            }
            // A stream's live opening is the one its case's state was folded from: same subject.
            for s in claimSubjects { subjects.insert(s) }
            clock.lap("report: subjects")
            let (loaded, withVoids) = try view.keyring(for: subjects) {
                try records(log, voidedStreams, size: size).compactMap(PaymentRules.history(of:))
            }
            clock.lap("report: streams with voids, \(voidedStreams.count), and keys of \(subjects.count)")
            var keyring = loaded
            // Never expected (a stream's live opening is its state's), but then read those keys too.
            let missing = Set(withVoids.compactMap { SealedValue.subject(of: $0.opening.targetGroup.rawValue) }).subtracting(subjects)
            if !missing.isEmpty, let more = try view.keyring(for: missing) { keyring = keyring.map { $0.merging(more) } ?? more }
            for h in withVoids { histories[h.opening.protocolId, default: []].append(h) }
            if let keyring {
                // Opened on all cores, then set in place.
                let opened = Array(try Parallel.map(cohort.count, parts: Parallel.parts(cohort.count)) { [cases] range in
                    range.map { k in
                        let c = cases[cohort[k]]
                        return (c.targetGroup.map { keyring.reveal($0, field: "targetGroup") }, keyring.reveal(c.referredBy, field: "referredBy"))
                    }
                }.joined())
                for (i, (group, referrer)) in zip(cohort, opened) {
                    cases[i].targetGroup = group
                    cases[i].referredBy = referrer
                }
                // The payment rules see the target group opened (an erased subject's stays
                // sealed, and has no tariff).
                for protocolId in Array(histories.keys) {
                    guard var list = histories.removeValue(forKey: protocolId) else { continue }
                    let groups = Array(try Parallel.map(list.count, parts: Parallel.parts(list.count)) { [list] range in
                        range.map { keyring.reveal(list[$0].opening.targetGroup, field: "targetGroup") }
                    }.joined())
                    for i in list.indices { list[i].opening.targetGroup = groups[i] }
                    histories[protocolId] = list
                }
                clock.lap("report: opened")
            }
            let participants = try ReportParticipants.read(log, caseIds: cohort.map { cases[$0].caseId }, size: size, keyring: keyring)
            for i in cohort { cases[i].participant = participants[cases[i].caseId] }
            clock.lap("report: participants")
            var withCases: [ReportProtocol] = []
            for var p in protocols {
                if p.paysOnOutcomes { p.cases = histories[p.protocolId] ?? [] }
                withCases.append(p)
            }
            let hires = try view.hireDocuments().compactMap(hire).filter { h in
                scope.protocols.isEmpty || h.protocolId.map(scope.protocols.contains) == true
            }
            clock.lap("report: hires")
            let checkpoint = try log.checkpoint(size: size)
            return ReportSnapshot(origin: reader.origin, treeSize: size, rootHash: checkpoint.rootHash,
                                  checkpointText: checkpoint.text, cases: cases,
                                  hires: hires.sorted { $0.hireId < $1.hireId }, protocols: withCases,
                                  lastRecordedAt: try log.record(seq: size - 1).recordedAt)
        }
    }

    /// What the report takes from one case.
    private struct CaseRead: Sendable {
        /// Nil when no date of the case falls in the report's window.
        var report: ReportCase?
        /// What the payment rules read of it; nil when it cannot be claimed in the window.
        var claim: CaseClaim?
    }

    /// What the payment rules read of a case: its history, or its stream when voids are in it
    /// (with the subject its state names, when sealed).
    private enum CaseClaim: Sendable {
        case history(CaseHistory)
        case stream(String, subject: String?, person: String)
        /// A case with a placement before the window or at another desk, by caseId: read only
        /// when its person (`CaseRow.personKey`) has a placement the rules judge.
        case other(String, person: String)
    }

    /// The history of a case with no void, from its folded state: its one opening, and each
    /// of its placements (all live). The opening carries what the rules read (protocol,
    /// target group as stored) and the case's ids; `person` is the report's distinct-count
    /// key, and the referrer, case manager and measure are left out: no figure shows them.
    private static func history(_ c: CaseState, person: String) -> CaseHistory {
        CaseHistory(
            stream: StreamName(.case, c.caseId).description,
            opening: CaseOpened(caseId: c.caseId, person: person, protocolId: c.protocolId, desk: c.desk, targetGroup: c.targetGroup,
                                referredBy: nil, caseManager: nil, measure: nil, openedOn: c.openedOn),
            placements: c.placements.map { p in
                RecordedPlacement(seq: p.seq, eventId: p.eventId, placement: PlacementConfirmed(
                    caseId: c.caseId, employer: p.employer, contract: p.contract, months: p.months, hoursPerWeek: p.hoursPerWeek,
                    startOn: p.startOn, confirmedOn: p.confirmedOn, evidence: p.evidence), isVoided: false)
            })
    }

    private static func readProtocols(_ view: ProjectionView, scope: ReportScope) throws -> [ReportProtocol] {
        var out: [ReportProtocol] = []
        let claims = try view.log.filedClaims(before: view.size).filter { !$0.isVoided }
        for doc in try view.protocols() {
            guard let o = doc.objectValue, let id = o["protocolId"]?.stringValue, scope.includes(protocol: id) else { continue }
            var p = ReportProtocol(protocolId: id, title: o["title"]?.stringValue ?? id,
                                   validFrom: o["validFrom"]?.stringValue.flatMap(CivilDate.init))
            if o["outcomePayment"] != nil {
                p.protocolStream = try records(view.log, StreamName(.protocol, id), size: view.size)
                p.claims = claims.filter { $0.claim.protocolId == id }.map(\.claim)
            }
            out.append(p)
        }
        return out
    }

    /// A stream's records below `size`, in version order.
    private static func records(_ log: LogSnapshot, _ stream: StreamName, size: UInt64) throws -> [StoredRecord] {
        try records(log, [stream], size: size)[0]
    }

    /// Each stream's records below `size`, in version order; decoded on all cores at once.
    private static func records(_ log: LogSnapshot, _ streams: [StreamName], size: UInt64) throws -> [[StoredRecord]] {
        let seqs = try streams.map { try log.streamSeqs($0).filter { $0 < size } }
        var all = try log.records(seqs: seqs.flatMap { $0 })[...]
        return seqs.map { s in
            defer { all = all.dropFirst(s.count) }
            return Array(all.prefix(s.count))
        }
    }

    /// A hire from its stored payload; nil for a document that lacks the required fields.
    private static func hire(_ doc: JSONValue) -> ReportHire? {
        guard let o = doc.objectValue, let id = o["hireId"]?.stringValue, let role = o["role"]?.stringValue,
              let positions = o["positions"]?.integerValue, let announced = o["announcedOn"]?.stringValue.flatMap(CivilDate.init)
        else { return nil }
        return ReportHire(hireId: id, role: role, positions: positions, funding: o["funding"]?.stringValue,
                          protocolId: o["protocolId"]?.stringValue, announcedOn: announced)
    }
}
