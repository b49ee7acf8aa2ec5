import AlboDomain
import AlboEvidence

/// The payments a report counts: what the protocol's live filed claims claimed, as filed
/// (their amounts, even once a person is erased or a placement is voided later), and the
/// payment rules' verdict on every other placement, the claimed ones counting as paid (rule
/// 6). Without claims this is exactly the rules' claim over the period.
enum PaymentClaims {
    static func counted(_ p: ReportProtocol, from: CivilDate, to: CivilDate) throws(EvidenceError) -> PaymentClaim {
        var claimed: [String: ClaimLine] = [:]
        for c in p.claims { for line in c.lines { claimed[line.placementEventId] = line } }
        var claim = try PaymentRules.evaluate(protocolStream: p.protocolStream, cases: p.cases, from: from, to: to,
                                              alreadyClaimed: Set(claimed.keys))
        guard !claimed.isEmpty else { return claim }
        // A claimed placement is a rejection now (already paid by its claim, or no longer
        // payable): it is counted as its claim filed it.
        let fromClaims = claim.rejections.compactMap { r in claimed[r.claimed.eventId].map { Payment(claimed: r.claimed, amountCents: $0.amountCents) } }
        claim.rejections.removeAll { claimed[$0.claimed.eventId] != nil }
        claim.payments = (claim.payments + fromClaims).sorted { $0.claimed.seq < $1.claimed.seq }
        claim.totalCents = claim.payments.reduce(0) { $0 &+ $1.amountCents }
        return claim
    }
}
