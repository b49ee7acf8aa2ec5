public import AlboDomain

/// What a filed claim states, as a bundle shows it: the payment rules re-run on the events
/// before the claim, with the claim's own lines as the payments. The exporter and both
/// verifiers build it the same way, so a bundle of a claim says the same before and after an
/// erasure or a later correction.
///
/// Only the tariff needs a personal field (the case's target group); once its subject is
/// erased the recomputation cannot derive it, so a line whose target group is unreadable is
/// accepted when its amount is one of the protocol's tariffs and every other rule passes.
public enum ClaimStatement {
    /// The claim `filed` states over the histories of its cases before it; every way the
    /// lines differ from the recomputation is returned in `problems`.
    public static func build(_ filed: ClaimFiled, protocolStream: [StoredRecord], cases: [CaseHistory],
                             alreadyClaimed: Set<String>) throws(EvidenceError) -> (claim: PaymentClaim, problems: [String]) {
        let computed = try PaymentRules.evaluate(protocolStream: protocolStream, cases: cases, from: filed.from, to: filed.to,
                                                 alreadyClaimed: alreadyClaimed)
        let tariffs = Set(try PaymentRules.protocolTerms(protocolStream).payment.tariffs.values)
        var payable: [String: Payment] = [:]
        for p in computed.payments { payable[p.claimed.eventId] = p }
        var rejected: [String: Rejection] = [:]
        for r in computed.rejections { rejected[r.claimed.eventId] = r }
        var problems: [String] = []
        var payments: [Payment] = []
        var claimedIds = Set<String>()
        for line in filed.lines {
            claimedIds.insert(line.placementEventId)
            if let p = payable[line.placementEventId] {
                if p.amountCents != line.amountCents {
                    problems.append("claim line \(line.placementEventId) asks \(line.amountCents) cents; the rules give \(p.amountCents)")
                }
                payments.append(Payment(claimed: p.claimed, amountCents: line.amountCents))
            } else if let r = rejected[line.placementEventId], r.reason == .noTariff, r.claimed.caseOpened.targetGroup.term == nil {
                if !tariffs.contains(line.amountCents) {
                    problems.append("claim line \(line.placementEventId) asks \(line.amountCents) cents, which is none of the protocol's tariffs")
                }
                payments.append(Payment(claimed: r.claimed, amountCents: line.amountCents))
            } else if let r = rejected[line.placementEventId] {
                problems.append("claim line \(line.placementEventId) is rejected by the rules (\(r.reason.rawValue))")
            } else {
                problems.append("claim line \(line.placementEventId) names no placement of the claim's cases confirmed in its period")
            }
        }
        for p in computed.payments where !claimedIds.contains(p.claimed.eventId) {
            problems.append("eligible placement \(p.claimed.eventId) (case \(p.claimed.caseOpened.caseId)) is missing from the claim")
        }
        if filed.operator != computed.operator {
            problems.append("the claim names operator \"\(filed.operator)\", the protocol's terms \"\(computed.operator)\"")
        }
        var claim = computed
        claim.payments = payments.sorted { $0.claimed.seq < $1.claimed.seq }
        claim.rejections = computed.rejections.filter { !claimedIds.contains($0.claimed.eventId) }
        claim.totalCents = filed.totalCents
        claim.operator = filed.operator
        return (claim, problems)
    }
}
