public import AlboLog
import AlboDomain
import AlboProjections
import Transparency

// The one place AlboReports reads the store. Everything else in the module works on the
// plain `ReportSnapshot` this builds, so a change to the Ledger or projection read API is
// adapted here alone.

/// Reads a `ReportSnapshot` from a ledger through its projections, in one read transaction.
public enum ReportSource {
    /// The state at `asOf` (the whole log when nil), narrowed to `scope` and to the cases
    /// with a date (opening, traineeship start, placement confirmation, closing) in `window`
    /// (all when nil): no other case counts in a figure of that window. Case streams for
    /// the payment rules are read only for cases with a placement confirmed in the window or
    /// with voided events: no other case can be claimed in it. Referrers are read for the
    /// cases opened in `referrerWindow` only, as only the cohort of the report's semester is
    /// broken down by referrer.
    public static func snapshot(ledger: Ledger, scope: ReportScope, asOf: AsOf?, window: ReportPeriod? = nil,
                                referrerWindow: ReportPeriod) throws -> ReportSnapshot {
        let runner = ProjectionRunner(ledger: ledger)
        return try runner.read(asOf: asOf) { view in
            let size = view.size
            guard size > 0 else { throw ReportError(.notFound, "the log is empty: append events (`albo append`) before writing a report") }
            let log = view.log
            let protocols = try readProtocols(view, scope: scope)
            let known = Set(protocols.map(\.protocolId))
            if let missing = scope.protocols.first(where: { !known.contains($0) }) {
                throw ReportError(.notFound, "no protocol \"\(missing)\" is recorded as of tree size \(size); `albo query protocols` lists them")
            }
            let referrers = try view.caseReferrers(protocolIds: protocols.map(\.protocolId),
                                                   from: referrerWindow.first, to: referrerWindow.last)
            // Per case: the report's view of it (nil when no date of it falls in the window),
            // and whether the payment rules need its stream.
            let read = try view.compactMapCases { (c: CaseState) -> CaseRead? in
                guard scope.includes(protocol: c.protocolId), scope.includes(desk: c.desk) else { return nil }
                func inside(_ day: CivilDate) -> Bool { window.map { day >= $0.first && day <= $0.last } ?? true }
                let claimable = c.placements.contains { inside($0.confirmedOn) }
                // Events beyond the live ones are voids and what they voided: a voided placement is a rejection.
                let live = 1 + c.traineeships.count + c.placements.count + (c.closedOn == nil ? 0 : 1)
                let wanted = claimable || c.version > Int64(live)
                guard inside(c.openedOn) || claimable || c.closedOn.map(inside) == true || c.traineeships.contains(where: { inside($0.startOn) })
                else { return wanted ? CaseRead(protocolId: c.protocolId, caseId: c.caseId, report: nil, streamWanted: true) : nil }
                return CaseRead(protocolId: c.protocolId, caseId: c.caseId, report: ReportCase(
                    caseId: c.caseId, person: c.person, protocolId: c.protocolId, desk: c.desk, targetGroup: c.targetGroup,
                    referredBy: referrers[c.caseId], openedOn: c.openedOn, closedOn: c.closedOn,
                    closeReason: c.closeReason, traineeshipStarts: c.traineeships.map(\.startOn),
                    placements: c.placements.map { p in
                        ReportPlacement(contract: p.contract, months: p.months, hoursPerWeek: p.hoursPerWeek,
                                        startOn: p.startOn, confirmedOn: p.confirmedOn)
                    }), streamWanted: wanted)
            }
            let cases = read.compactMap(\.report)
            var streamsWanted: [String: [String]] = [:]
            for r in read where r.streamWanted { streamsWanted[r.protocolId, default: []].append(r.caseId) }
            var withStreams: [ReportProtocol] = []
            for var p in protocols {
                if p.paysOnOutcomes {
                    // The payment rules read the target group: they see the opened records (an erased
                    // subject's stays sealed, and has no tariff).
                    p.caseStreams = try records(log, (streamsWanted[p.protocolId] ?? []).map { StreamName(.case, $0) }, size: size)
                        .map { stream in stream.map { view.keyring?.open($0).record ?? $0 } }
                }
                withStreams.append(p)
            }
            let hires = try view.hireDocuments().compactMap(hire).filter { h in
                scope.protocols.isEmpty || h.protocolId.map(scope.protocols.contains) == true
            }
            let checkpoint = try log.checkpoint(size: size)
            return ReportSnapshot(origin: ledger.origin, treeSize: size, rootHash: checkpoint.rootHash,
                                  checkpointText: checkpoint.text, cases: cases,
                                  hires: hires.sorted { $0.hireId < $1.hireId }, protocols: withStreams)
        }
    }

    /// What the report takes from one case.
    private struct CaseRead: Sendable {
        var protocolId: String
        var caseId: String
        /// Nil when no date of the case falls in the report's window.
        var report: ReportCase?
        /// Whether the payment rules need the case's stream.
        var streamWanted: Bool
    }

    private static func readProtocols(_ view: ProjectionView, scope: ReportScope) throws -> [ReportProtocol] {
        var out: [ReportProtocol] = []
        for doc in try view.protocols() {
            guard let o = doc.objectValue, let id = o["protocolId"]?.stringValue, scope.includes(protocol: id) else { continue }
            var p = ReportProtocol(protocolId: id, title: o["title"]?.stringValue ?? id)
            if o["outcomePayment"] != nil {
                p.protocolStream = try records(view.log, StreamName(.protocol, id), size: view.size)
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
