public import AlboDomain

// docs/reference.md §7 as one pure function over stored records, shared by the exporter (which
// reads them from the store) and the offline verifier (which reads them from a bundle):
// both must reach the same claim from the same events, byte for byte.

/// Why a claimed placement is not paid; the cases are in the order the rules are tried.
public enum RejectionReason: String, Sendable, CaseIterable, Comparable {
    case voided
    case outsideProtocolValidity = "outside-protocol-validity"
    case contractNotEligible = "contract-not-eligible"
    case fixedTermTooShort = "fixed-term-too-short"
    case noTariff = "no-tariff"
    case alreadyPaid = "already-paid"

    public static func < (a: RejectionReason, b: RejectionReason) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}

/// A placement under a claim: the placement event with the case it belongs to.
public struct ClaimedPlacement: Sendable, Hashable {
    /// The placement's stored seq and event id.
    public var seq: UInt64
    public var eventId: String
    public var placement: PlacementConfirmed
    /// The live `CaseOpened` of the placement's case.
    public var caseOpened: CaseOpened
}

/// An eligible placement and the amount it earns.
public struct Payment: Sendable, Hashable {
    public var claimed: ClaimedPlacement
    public var amountCents: Int64

    public init(claimed: ClaimedPlacement, amountCents: Int64) {
        self.claimed = claimed
        self.amountCents = amountCents
    }
}

/// A placement in the period that is not paid, with the first rule it breaks.
public struct Rejection: Sendable, Hashable {
    public var claimed: ClaimedPlacement
    public var reason: RejectionReason
}

/// The outcome of the payment rules for one protocol over one period.
public struct PaymentClaim: Sendable, Hashable {
    public var protocolId: String
    public var from: CivilDate
    public var to: CivilDate
    public var `operator`: String
    /// Eligible placements with `confirmedOn` in the period, by seq.
    public var payments: [Payment]
    /// Rejected placements with `confirmedOn` in the period, by seq.
    public var rejections: [Rejection]
    /// The streams (`case:<caseId>`) whose complete streams support the claim: the cases
    /// with a placement in the period, and the other cases of the same persons with a
    /// placement confirmed before the period ends (`PaymentRules.supportingStreams`).
    public var listedStreams: [String]

    /// The sum of the payments.
    public var totalCents: Int64
}

/// What the rules read of one case stream: its live `CaseOpened`, and the placements
/// recorded after it, voided ones included. `PaymentRules.history(of:)` reads it from the
/// stream's records; a caller that already holds the case's folded state (a report, for a
/// case with no void) may build it from that state instead: the rules see the same thing.
public struct CaseHistory: Sendable, Hashable {
    /// The case stream's name, `case:<caseId>`.
    public var stream: String
    /// The live opening. The rules read its `protocolId` and `targetGroup`; a claim's rows show the rest.
    public var opening: CaseOpened
    /// The placements recorded after the opening, in any order.
    public var placements: [RecordedPlacement]

    /// The data subject the case is about, whom rule 6 pays once per protocol: the subject
    /// reference of a sealed `person` (in clear in the sealed value, so it holds after an
    /// erasure), else the person reference itself.
    public var subject: String { SealedValue.distinctKey(opening.person) }

    public init(stream: String, opening: CaseOpened, placements: [RecordedPlacement]) {
        self.stream = stream
        self.opening = opening
        self.placements = placements
    }
}

/// One `PlacementConfirmed` as recorded in a case stream, and whether it was voided.
public struct RecordedPlacement: Sendable, Hashable {
    public var seq: UInt64
    public var eventId: String
    public var placement: PlacementConfirmed
    public var isVoided: Bool

    public init(seq: UInt64, eventId: String, placement: PlacementConfirmed, isVoided: Bool) {
        self.seq = seq
        self.eventId = eventId
        self.placement = placement
        self.isVoided = isVoided
    }
}

/// docs/reference.md §7: which placements of a protocol's cases are paid, and why the others are not.
public enum PaymentRules {
    /// Runs the rules.
    ///
    /// - `protocolStream`: every record of `protocol:<P>` (voids included); the live
    ///   `ProtocolSigned` among them gives the terms.
    /// - `caseStreams`: the records of candidate case streams, each in version order. A
    ///   stream counts when its live `CaseOpened` names P: a case whose opening was voided
    ///   is no longer P's case (its later events were all voided first, as the ledger
    ///   requires), so it is neither paid nor listed. Only placements recorded after that
    ///   opening belong to the case. Voids are read from the `EventVoided` records in each
    ///   stream, which is where the ledger records them.
    /// - `from`, `to`: the claim period, both inclusive, on `confirmedOn`.
    ///
    /// All of a person's placements under the protocol, in every one of their cases, are
    /// ranked (by `confirmedOn`, then seq), whatever their period, so that a person is paid
    /// once per protocol across every case and every claim.
    public static func evaluate(protocolStream: [StoredRecord], caseStreams: [[StoredRecord]],
                                from: CivilDate, to: CivilDate) throws(EvidenceError) -> PaymentClaim {
        try evaluate(protocolStream: protocolStream, cases: caseStreams.compactMap(history(of:)), from: from, to: to)
    }

    /// The rules over case histories already read (`history(of:)`, or a case's folded state):
    /// a history counts when its opening names the protocol.
    ///
    /// `alreadyClaimed`: the placement event ids of earlier live `ClaimFiled`s; such a
    /// placement is `already-paid` (and its case counts as paid).
    public static func evaluate(protocolStream: [StoredRecord], cases: [CaseHistory],
                                from: CivilDate, to: CivilDate, alreadyClaimed: Set<String> = []) throws(EvidenceError) -> PaymentClaim {
        guard from <= to else {
            throw EvidenceError(.badPeriod, "the period starts (\(from)) after it ends (\(to))")
        }
        let terms = try protocolTerms(protocolStream)
        let (signed, payment) = (terms.signed, terms.payment)
        var payments: [Payment] = []
        var rejections: [Rejection] = []
        // One data subject's cases under the protocol, in the order given.
        var bySubject: [String: [CaseHistory]] = [:]
        for history in cases where history.opening.protocolId == signed.protocolId {
            bySubject[history.subject, default: []].append(history)
        }
        var listed: [String] = []
        for histories in bySubject.values {
            // Ranked by confirmedOn, then seq: a person is paid once, for their first eligible placement.
            var placements: [(recorded: RecordedPlacement, opening: CaseOpened)] = []
            for h in histories { for p in h.placements { placements.append((p, h.opening)) } }
            placements.sort { ($0.recorded.placement.confirmedOn, $0.recorded.seq) < ($1.recorded.placement.confirmedOn, $1.recorded.seq) }
            var paid = false
            for (recorded, opening) in placements {
                let placement = recorded.placement
                var reason = firstBrokenRule(placement, isVoided: recorded.isVoided, signed, payment, targetGroup: opening.targetGroup.term)
                if reason == nil {
                    if paid || alreadyClaimed.contains(recorded.eventId) { reason = .alreadyPaid }
                    paid = true
                }
                guard placement.confirmedOn >= from, placement.confirmedOn <= to else { continue }
                let claimed = ClaimedPlacement(seq: recorded.seq, eventId: recorded.eventId, placement: placement, caseOpened: opening)
                if let reason {
                    rejections.append(Rejection(claimed: claimed, reason: reason))
                } else if let group = opening.targetGroup.term, let amount = payment.tariffs[group] {
                    payments.append(Payment(claimed: claimed, amountCents: amount))
                }
            }
            listed += supportingStreams(histories, from: from, to: to)
        }
        payments.sort { $0.claimed.seq < $1.claimed.seq }
        rejections.sort { $0.claimed.seq < $1.claimed.seq }
        var total: Int64 = 0
        for p in payments {
            let (sum, overflow) = total.addingReportingOverflow(p.amountCents)
            guard !overflow else { throw EvidenceError(.amountOverflow, "the claim's total overflows 64-bit cents") }
            total = sum
        }
        return PaymentClaim(protocolId: signed.protocolId, from: from, to: to, operator: payment.operator,
                            payments: payments, rejections: rejections, listedStreams: listed.sorted(), totalCents: total)
    }

    /// The live `ProtocolSigned` of a protocol stream and its payment terms.
    public static func protocolTerms(_ protocolStream: [StoredRecord]) throws(EvidenceError) -> (signed: ProtocolSigned, payment: OutcomePayment) {
        let voided = voidedIds(protocolStream)
        let live = protocolStream.last { record in
            if case .protocolSigned = record.payload { return !voided.contains(record.id) }
            return false
        }
        guard let live, case .protocolSigned(let signed) = live.payload else {
            let name = protocolStream.first?.stream ?? "the protocol"
            throw EvidenceError(.protocolNotFound, "\(name) has no live ProtocolSigned (never signed, or voided)")
        }
        guard let payment = signed.outcomePayment else {
            throw EvidenceError(.noPaymentTerms, "protocol \"\(signed.protocolId)\" has no outcomePayment terms: it pays no placements")
        }
        return (signed, payment)
    }

    // MARK: - One case

    /// The streams that support a claim over [from, to], of one person's cases: when the
    /// person has a placement confirmed in the period, each of their cases with a placement
    /// confirmed on or before `to` (those placements decide whether one in the period is the
    /// person's first eligible one); else none.
    static func supportingStreams(_ histories: [CaseHistory], from: CivilDate, to: CivilDate) -> [String] {
        let claimed = histories.contains { h in h.placements.contains { $0.placement.confirmedOn >= from && $0.placement.confirmedOn <= to } }
        guard claimed else { return [] }
        return histories.filter { h in h.placements.contains { $0.placement.confirmedOn <= to } }.map(\.stream)
    }

    /// The ids voided by the `EventVoided` records among `records`.
    static func voidedIds(_ records: [StoredRecord]) -> Set<String> {
        var ids: Set<String> = []
        for r in records {
            if case .eventVoided(let v) = r.payload { ids.insert(v.eventId.lowercased()) }
        }
        return ids
    }

    /// What the rules read of a case stream (its records in version order): the live opening
    /// and the placements recorded after it; nil when the stream has no live opening.
    public static func history(of stream: [StoredRecord]) -> CaseHistory? {
        let voided = voidedIds(stream)
        var opening: (seq: UInt64, payload: CaseOpened, stream: String)?
        for r in stream {
            if case .caseOpened(let c) = r.payload, !voided.contains(r.id) { opening = (r.seq, c, r.stream) }
        }
        guard let opening else { return nil }
        var placements: [RecordedPlacement] = []
        for r in stream where r.seq > opening.seq {
            if case .placementConfirmed(let p) = r.payload {
                placements.append(RecordedPlacement(seq: r.seq, eventId: r.id, placement: p, isVoided: voided.contains(r.id)))
            }
        }
        return CaseHistory(stream: opening.stream, opening: opening.payload, placements: placements)
    }

    /// Rules 1–5 of docs/reference.md §7, in order; nil when the placement passes them all.
    private static func firstBrokenRule(_ p: PlacementConfirmed, isVoided: Bool, _ signed: ProtocolSigned,
                                        _ terms: OutcomePayment, targetGroup: TargetGroup?) -> RejectionReason? {
        if isVoided { return .voided }
        if !signed.isValid(on: p.startOn) { return .outsideProtocolValidity }
        if !terms.eligibleContracts.contains(p.contract) { return .contractNotEligible }
        if p.contract == .fixedTerm, let minimum = terms.minFixedTermMonths, (p.months ?? 0) < minimum {
            return .fixedTermTooShort
        }
        // A sealed or erased target group has no tariff.
        guard let targetGroup, terms.tariffs[targetGroup] != nil else { return .noTariff }
        return nil
    }
}
