import AlboDomain
import AlboLog
import AlboProjections
import AlboReports
import AlboTestSupport
import Foundation
import Testing

@Suite("Semester report on the seed scenarios")
struct SeedReportTests {
    @Test("Trecate: the convention's year gives 534 activated, 207 concluded, 327 in progress, 256 persons from the CPI")
    func trecate_matchesTheArticle() throws {
        let (store, _) = try Seeds.store(["002-trecate.ndjson"])
        let year = try ReportPeriod(first: #require(CivilDate("2022-11-01")), last: #require(CivilDate("2023-10-31")))
        try ProjectionRunner(ledger: store.ledger).catchUp()
        let snapshot = try ReportSource.snapshot(reader: store.ledger.reader, scope: ReportScope(protocols: ["conv-trecate-2022"]), asOf: nil,
                                                 referrerWindow: year)
        let cohort = Cohort(snapshot.cases, period: year)
        #expect(cohort.activated == 534 && cohort.concluded == 207 && cohort.inProgress == 327)
        #expect(cohort.referredPersons["CPI Novara"] == 256)

        // The semester figures are the same computation: H1 2023's cohort adds up with its breakdowns.
        let r = try store.report("2023-H1", protocols: ["conv-trecate-2022"], exact: true)
        let h1 = Cohort(snapshot.cases, period: try #require(Semester("2023-H1")).period)
        #expect(r.count("cases.opened") == Int64(h1.activated) && h1.activated > 0)
        #expect(r.count("cohort.concluded") == Int64(h1.concluded))
        #expect(r.count("persons.referred.byReferrer", "referredBy=CPI Novara") == Int64(h1.referredPersons["CPI Novara"] ?? -1))
        #expect((h1.referredPersons["CPI Novara"] ?? 0) > 0)
        let byGroup = r.breakdown("cases.opened.byTargetGroup").map(\.exact).reduce(0, +)
        #expect(byGroup == r.count("cases.opened"))
        let byDesk = r.breakdown("cases.opened.byDesk")
        #expect(Set(byDesk.compactMap { $0.dimension("desk") }) == ["Trecate", "Cerano", "Romentino", "Vespolate"])
    }

    @Test("Crema: over 1,000 persons served in 2018, the generator's 1,103 cases and 1,046 persons")
    func crema_servedOverAThousandIn2018() throws {
        let (store, generated) = try Seeds.store()
        let desk = generated.objectValue?["004-crema.ndjson"]?.objectValue?["desk2018"]?.objectValue
        let r = try store.report("2018-H2", desks: ["Crema"])
        let persons = try #require(r.count("persons.served.yearToDate"))
        #expect(persons > 1000)
        #expect(persons == desk?["distinctPersons"]?.integerValue)
        #expect(r.count("cases.opened.yearToDate") == desk?["casesOpened"]?.integerValue)
        let halves = (r.count("cases.opened", "", "2018-H1") ?? 0) + (r.count("cases.opened") ?? 0)
        #expect(halves == desk?["casesOpened"]?.integerValue)
    }

    @Test("Sesto San Giovanni: payments per semester equal the generator's §7 claims, rejections by reason included")
    func sesto_paymentsMatchTheGenerator() throws {
        let (store, generated) = try Seeds.store()
        let r = try store.report("2019-H1", protocols: [Seeds.sestoProtocol, Seeds.sestoDisability])
        let claims = generated.objectValue?[Seeds.sesto]?.objectValue?["claims"]?.arrayValue ?? []
        var checked = 0
        for claim in claims {
            guard let c = claim.objectValue, let pid = c["protocolId"]?.stringValue, let from = c["from"]?.stringValue,
                  let semester = Semester("\(from.prefix(4))-H\(from.dropFirst(5).hasPrefix("01") ? 1 : 2)"),
                  r.semesters.contains(semester) else { continue }
            let d = "protocol=\(pid)"
            #expect(r.count("payments.eligible", d, semester.description) == c["eligible"]?.integerValue, "\(pid) \(semester)")
            #expect(r.count("payments.totalCents", d, semester.description) == c["totalCents"]?.integerValue, "\(pid) \(semester)")
            if semester == r.semester {
                for (reason, n) in c["rejectedByReason"]?.objectValue ?? [:] {
                    #expect(r.count("payments.rejected", "\(d);reason=\(reason)") == n.integerValue, "\(pid) \(reason)")
                }
            }
            checked += 1
        }
        #expect(checked == 4)  // 2018-H1, 2018-H2, 2019-H1 of the main contract; 2019-H1 of the disability one
        #expect(r.count("payments.eligible", "protocol=\(Seeds.sestoProtocol)") == 12)
        let total: Int64? = r.count("payments.totalCents")
        #expect(total == 2_650_000)
        #expect(r.count("change.previousSemester", "measure=payments.eligible;protocol=\(Seeds.sestoProtocol)") == 0)
        #expect(r.count("change.yearBefore", "measure=payments.eligible;protocol=\(Seeds.sestoProtocol)") == 12 - 15)
        #expect((r.count("placements.confirmed") ?? 0) >= 15)
        #expect(r.semesters.map(\.description) == ["2016-H2", "2017-H1", "2017-H2", "2018-H1", "2018-H2", "2019-H1"])
    }

    @Test("Distretto Ceramico: 13 positions announced, 8 on PN Inclusione")
    func distretto_hires() throws {
        let (store, _) = try Seeds.store()
        let r = try store.report("2024-H1")
        #expect(r.count("hires.positions") == 13)
        #expect(r.count("hires.positions.byFunding", "funding=PN Inclusione e lotta alla povertà 2021-2027") == 8)
        #expect(r.count("hires.positions.byRole", "role=pedagogista") == 4)
        #expect(r.count("hires.positions", "", "2023-H2") == 0)
        #expect(r.count("change.previousSemester", "measure=hires.positions") == 13)
    }
}
