import AlboDomain
import AlboLog
import AlboReports
import AlboTestSupport
import Foundation
import Testing

/// A sealed store (what `albo append` creates) keeps target groups and referrers sealed in
/// its projections: the report opens just the ones its figures read, with just those
/// subjects' keys. Its figures must be those of an unsealed store of the same events.
@Suite("Semester report on a sealed store")
struct SealedReportTests {
    @Test("the seeds sealed and unsealed give the same figures, target groups, referrers and payments included")
    func sealed_equalsUnsealed() throws {
        let (clear, _) = try Seeds.store()
        let (sealed, _) = try Seeds.store(sealed: true)
        #expect(sealed.ledger.isSealed && !clear.ledger.isSealed)
        for (semester, protocols) in [("2019-H1", [Seeds.sestoProtocol, Seeds.sestoDisability]), ("2019-H1", []), ("2018-H2", [])] {
            let a = try clear.report(semester, protocols: protocols, exact: true)
            let b = try sealed.report(semester, protocols: protocols, exact: true)
            #expect(a.figures.count == b.figures.count)
            for (x, y) in zip(a.figures, b.figures) where x != y {
                Issue.record("\(semester) \(protocols): \(x.measure) \(x.dimension) \(x.semester): unsealed \(x.exact), sealed \(y.exact) (\(y.dimension))")
            }
            // The figures that read personal fields are there, with cases in them.
            let groups = b.breakdown("cases.opened.byTargetGroup").reduce(Int64(0)) { $0 + $1.exact }
            #expect(groups > 0 && groups == b.figure("cases.opened")?.exact)
            #expect(b.breakdown("persons.referred.byReferrer").contains { $0.exact > 0 })
        }
        let paid = try sealed.report("2019-H1", protocols: [Seeds.sestoProtocol]).figure("payments.eligible", "protocol=\(Seeds.sestoProtocol)")
        #expect(paid?.exact == 12)
    }
}
