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

    /// CONTRACT §7 for each protocol that pays on outcomes, through AlboEvidence's rules:
    /// eligible and total per protocol and in all; rejections by reason in the report's semester.
    mutating func payments(_ protocols: [ReportProtocol], _ s: Semester, detailed: Bool) throws {
        var eligible = 0
        var total: Int64 = 0
        for p in protocols where p.paysOnOutcomes {
            let claim: PaymentClaim
            do throws(PaymentRuleError) {
                claim = try PaymentRules.evaluate(protocolStream: p.protocolStream, caseStreams: p.caseStreams, from: s.first, to: s.last)
            } catch {
                throw ReportError(.notFound, "the payment rules cannot run for protocol \(p.protocolId): \(error.description)")
            }
            let d = Figure.dimension(("protocol", p.protocolId))
            add(.paymentsEligible, s, d, claim.payments.count)
            add(.paymentsTotal, s, d, claim.totalCents)
            eligible += claim.payments.count
            total += claim.totalCents
            guard detailed else { continue }
            var reasons: [RejectionReason: Int] = [:]
            for r in claim.rejections { reasons[r.reason, default: 0] += 1 }
            for r in RejectionReason.allCases {
                add(.paymentsRejected, s, Figure.dimension(("protocol", p.protocolId), ("reason", r.rawValue)), reasons[r] ?? 0)
            }
        }
        add(.paymentsEligible, s, "", eligible)
        add(.paymentsTotal, s, "", total)
    }
}
