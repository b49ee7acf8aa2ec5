
/// A claim as the log records it: its `ClaimFiled`, whether that was voided, and the live
/// payments recorded against it.
public struct FiledClaim: Sendable, Hashable {
    public var seq: UInt64
    public var eventId: String
    public var claim: ClaimFiled
    public var isVoided: Bool
    /// The live `ClaimPaid` events, by seq.
    public var payments: [ClaimPaid]

    /// What has been paid against the claim so far.
    public var paidCents: Int64 { payments.reduce(0) { $0 &+ $1.amountCents } }
    /// The latest `paidOn` of its payments, nil while unpaid.
    public var lastPaidOn: CivilDate? { payments.map(\.paidOn).max() }
}

/// Reading the claims of claim streams, from the log or from a bundle's events.
public enum FiledClaims {
    /// The claims in claim streams given as records (each stream in version order).
    public static func from(streams: [[StoredRecord]]) -> [FiledClaim] {
        var out: [FiledClaim] = []
        for stream in streams {
            var voided = Set<String>()
            for r in stream { if case .eventVoided(let v) = r.payload { voided.insert(v.eventId.lowercased()) } }
            guard let filed = stream.first(where: { $0.type == .claimFiled }), case .claimFiled(let claim) = filed.payload else { continue }
            var payments: [ClaimPaid] = []
            for r in stream where !voided.contains(r.id) {
                if case .claimPaid(let p) = r.payload { payments.append(p) }
            }
            out.append(FiledClaim(seq: filed.seq, eventId: filed.id, claim: claim, isVoided: voided.contains(filed.id), payments: payments))
        }
        return out.sorted { $0.seq < $1.seq }
    }

    /// The placements named by the live claims among `claims`: what rule 6 treats as paid.
    public static func claimedPlacements(_ claims: [FiledClaim]) -> Set<String> {
        var ids = Set<String>()
        for c in claims where !c.isVoided { for line in c.claim.lines { ids.insert(line.placementEventId) } }
        return ids
    }

    /// For retention: per case, the latest `paidOn` of a live payment against a live claim
    /// that lists one of the case's placements. Cases in no paid claim are absent.
    public static func lastPaidOn(byCase claims: [FiledClaim]) -> [String: CivilDate] {
        var out: [String: CivilDate] = [:]
        for c in claims where !c.isVoided {
            guard let paid = c.lastPaidOn else { continue }
            for line in c.claim.lines where out[line.caseId].map({ $0 < paid }) ?? true { out[line.caseId] = paid }
        }
        return out
    }
}
