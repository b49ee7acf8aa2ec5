import AlboDomain
import AlboEvidence

extension FigureList {
    /// Positions announced in the semester; by role and funding in the report's semester.
    mutating func hires(_ hires: [ReportHire], _ s: Semester, detailed: Bool) {
        let inside = hires.filter { s.period.contains($0.announcedOn) }
        add(.hirePositions, s, "", inside.reduce(0) { $0 + $1.positions })
        guard detailed else { return }
        var roles: [String: Int64] = [:]
        var funding: [String: Int64] = [:]
        for h in inside {
            roles[h.role, default: 0] += h.positions
            if let f = h.funding { funding[f, default: 0] += h.positions }
        }
        for (r, n) in roles.sorted(by: { $0.key < $1.key }) { add(.hiresByRole, s, Figure.dimension(("role", r)), n) }
        for (f, n) in funding.sorted(by: { $0.key < $1.key }) { add(.hiresByFunding, s, Figure.dimension(("funding", f)), n) }
    }

    /// docs/reference.md §7 for each protocol that pays on outcomes, through AlboEvidence's rules:
    /// eligible and total per protocol and in all, per semester of the trend; rejections by
    /// reason in the report's semester. The rules run once over the whole trend and are then
    /// split by `confirmedOn`: whether a placement is paid never depends on the period asked.
    /// The rules read every case of the protocol (rule 6 pays a person once, whatever desk
    /// they came through); the figures count the placements of the desks in `scope`.
    mutating func payments(_ protocols: [ReportProtocol], _ trend: [Semester], detailed semester: Semester, scope: ReportScope) throws {
        guard let first = trend.first?.first, let last = trend.last?.last else { return }
        var eligible = [Int](repeating: 0, count: trend.count)
        var total = [Int64](repeating: 0, count: trend.count)
        for p in protocols where p.paysOnOutcomes {
            var claim: PaymentClaim
            do throws(EvidenceError) {
                claim = try PaymentClaims.counted(p, from: first, to: last)
                claim.payments.removeAll { !scope.includes(desk: $0.claimed.caseOpened.desk) }
                claim.rejections.removeAll { !scope.includes(desk: $0.claimed.caseOpened.desk) }
            } catch {
                throw ReportError(.notFound, "the payment rules cannot run for protocol \(p.protocolId): \(error.description)")
            }
            let d = Figure.dimension(("protocol", p.protocolId))
            for (k, s) in trend.enumerated() {
                let paid = claim.payments.filter { s.period.contains($0.claimed.placement.confirmedOn) }
                // Within the claim's total, which the rules checked for overflow; the sum over protocols is checked here.
                let cents = paid.reduce(Int64(0)) { $0 &+ $1.amountCents }
                add(.paymentsEligible, s, d, paid.count)
                add(.paymentsTotal, s, d, cents)
                eligible[k] += paid.count
                let (sum, overflow) = total[k].addingReportingOverflow(cents)
                guard !overflow else { throw ReportError(.notFound, "the payments of \(s) overflow 64-bit cents") }
                total[k] = sum
            }
            var reasons: [RejectionReason: Int] = [:]
            for r in claim.rejections where semester.period.contains(r.claimed.placement.confirmedOn) { reasons[r.reason, default: 0] += 1 }
            for r in RejectionReason.allCases {
                add(.paymentsRejected, semester, Figure.dimension(("protocol", p.protocolId), ("reason", r.rawValue)), reasons[r] ?? 0)
            }
        }
        for (k, s) in trend.enumerated() {
            add(.paymentsEligible, s, "", eligible[k])
            add(.paymentsTotal, s, "", total[k])
        }
    }
}
