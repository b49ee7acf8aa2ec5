public import AlboDomain
public import AlboLog
public import AlboSealing

/// A claim computed by the payment rules at one point of the log, and what it was computed from.
public struct ComputedClaim: Sendable {
    /// The rules' outcome.
    public var claim: PaymentClaim
    /// The lines a `ClaimFiled` records for it: each payment, with its case stream's version.
    public var lines: [ClaimLine]
    /// The tree size it was computed at: the events before the claim.
    public var size: UInt64
}

/// The one place a claim is computed: `albo claim`, the check of a hand-appended
/// `ClaimFiled`, and `export payments --claim` all call it.
public enum ClaimComputation {
    /// The §7 claim of `protocolId` over [from, to] on the first `size` events of the log,
    /// with the placements of earlier live claims treated as already paid. Personal fields
    /// are opened with `keyring` (a sealed store); one that cannot be opened has no tariff.
    public static func compute(_ log: LogSnapshot, keyring: Keyring?, protocolId: String, from: CivilDate, to: CivilDate,
                               size: UInt64) throws -> ComputedClaim {
        guard from <= to else { throw EvidenceError(.badPeriod, "the period starts (\(from)) after it ends (\(to))") }
        let protocolSeqs = try log.streamSeqs(StreamName(.protocol, protocolId)).filter { $0 < size }
        guard !protocolSeqs.isEmpty else {
            throw EvidenceError(.protocolNotFound, "no protocol \"\(protocolId)\" in the first \(size) events of the log")
        }
        let protocolStream = try protocolSeqs.map { try log.record(seq: $0) }
        let cases = try PaymentExporter.candidateCases(log, protocolId: protocolId, size: size)
            .map { stream in stream.map { keyring?.open($0).record ?? $0 } }
        let earlier = FiledClaims.claimedPlacements(try log.filedClaims(before: size))
        let claim = try PaymentRules.evaluate(protocolStream: protocolStream, cases: cases.compactMap(PaymentRules.history(of:)),
                                              from: from, to: to, alreadyClaimed: earlier)
        var versions: [String: Int64] = [:]
        for stream in cases { if let last = stream.last { versions[last.stream] = last.version } }
        let lines = claim.payments.map { p in
            ClaimLine(placementEventId: p.claimed.eventId, caseId: p.claimed.caseOpened.caseId,
                      caseVersion: versions[StreamName(.case, p.claimed.caseOpened.caseId).rawValue] ?? 0, amountCents: p.amountCents)
        }
        return ComputedClaim(claim: claim, lines: lines, size: size)
    }

    /// Why `filed` is not what the rules give at its position, or nil when it is.
    public static func mismatch(_ filed: ClaimFiled, _ computed: ComputedClaim) -> String? {
        if filed.operator != computed.claim.operator {
            return "its operator is \"\(filed.operator)\", the protocol's terms name \"\(computed.claim.operator)\""
        }
        if filed.lines == computed.lines { return nil }
        let expected = Dictionary(computed.lines.map { ($0.placementEventId, $0) }, uniquingKeysWith: { a, _ in a })
        let found = Dictionary(filed.lines.map { ($0.placementEventId, $0) }, uniquingKeysWith: { a, _ in a })
        var reasons: [String] = []
        for line in filed.lines {
            guard let e = expected[line.placementEventId] else {
                reasons.append("placement \(line.placementEventId) is not payable in this claim (not eligible, not in the period, or already paid or claimed)")
                continue
            }
            if e.caseId != line.caseId { reasons.append("placement \(line.placementEventId) belongs to case \(e.caseId), not \(line.caseId)") }
            if e.caseVersion != line.caseVersion { reasons.append("case \(e.caseId) is at version \(e.caseVersion), not \(line.caseVersion)") }
            if e.amountCents != line.amountCents { reasons.append("placement \(line.placementEventId) earns \(e.amountCents) cents, not \(line.amountCents)") }
        }
        for line in computed.lines where found[line.placementEventId] == nil {
            reasons.append("eligible placement \(line.placementEventId) (case \(line.caseId)) is missing")
        }
        if reasons.isEmpty { reasons.append("its lines are not in the placements' seq order") }
        let total = computed.lines.reduce(Int64(0)) { $0 &+ $1.amountCents }
        return "the payment rules give \(computed.lines.count) line(s), \(total) cents, here: " + reasons.prefix(5).joined(separator: "; ")
    }
}
