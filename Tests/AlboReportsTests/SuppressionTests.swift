import AlboDomain
import AlboLog
import AlboReports
import AlboTestSupport
import Foundation
import Testing

/// A store built to have small cells: two desks, one with a handful of disabled persons,
/// a small referrer and a desk with only two fixed-term placements.
enum SmallCells {
    static func store() throws -> TempStore {
        let store = try TempStore(origin: "small.example/sportello")
        var f = EventFactory()
        var lines = [f.line("ProtocolSigned", [
            "protocolId": .string("conv-small"), "title": .string("Convenzione piccola"), "kind": .string("convention"),
            "parties": .array([.string("Comune di Alfa"), .string("Comune di Beta")]), "signedOn": .string("2018-12-01"),
            "validFrom": .string("2019-01-01"), "validTo": .string("2020-12-31"),
        ])]
        var n = 0
        func open(_ desk: String, _ group: String, _ referrer: String) -> String {
            n += 1
            return f.line("CaseOpened", [
                "caseId": .string("C-\(n)"), "person": .string("P-\(n)"), "protocolId": .string("conv-small"), "desk": .string(desk),
                "targetGroup": .string(group), "referredBy": .string(referrer), "openedOn": .string("2019-02-01"),
            ])
        }
        func place(_ contract: String) -> String {
            var d: [String: JSONValue] = ["caseId": .string("C-\(n)"), "employer": .string("Ditta Srl"), "contract": .string(contract),
                                          "startOn": .string("2019-03-01"), "confirmedOn": .string("2019-03-01"),
                                          "evidence": .string("UNILAV-\(n)")]
            if contract == "fixed-term" { d["months"] = .integer(12) }
            return f.line("PlacementConfirmed", d)
        }
        // Desk Alfa: 8 over 45, 2 disability (small), 6 economic disadvantage; 3 persons from a small referrer.
        let alfa = Array(repeating: "unemployed-over-45", count: 8) + ["disability", "disability"] + Array(repeating: "economic-disadvantage", count: 6)
        for (i, group) in alfa.enumerated() {
            lines.append(open("Alfa", group, i < 3 ? "CPI Piccolo" : "Servizi Sociali"))
            if i < 6 { lines.append(place("permanent")) } else if i < 8 { lines.append(place("fixed-term")) }
        }
        // Desk Beta: 10 over 45, 5 permanent and 5 fixed-term placements.
        for i in 0..<10 {
            lines.append(open("Beta", "unemployed-over-45", "Servizi Sociali"))
            lines.append(place(i < 5 ? "permanent" : "fixed-term"))
        }
        try store.append(lines)
        return store
    }
}

@Suite("Small-cell suppression")
struct SuppressionTests {
    @Test("a count from 1 to 4 by target group is '< 5', and the next smallest group is withheld")
    func targetGroups_primaryAndSecondary() throws {
        let store = try SmallCells.store()
        let r = try store.report("2019-H1")
        #expect(r.figure("cases.opened.byTargetGroup", "targetGroup=disability")?.value == .small)
        #expect(r.figure("cases.opened.byTargetGroup", "targetGroup=economic-disadvantage")?.value == .withheld)
        #expect(r.count("cases.opened.byTargetGroup", "targetGroup=unemployed-over-45") == 18)
        #expect(r.count("cases.opened.byTargetGroup", "targetGroup=young-unemployed") == 0)
        #expect(r.count("cases.opened") == 26)  // totals are not crossings: published
        #expect(r.figure("persons.referred.byReferrer", "referredBy=CPI Piccolo")?.value == .small)
        #expect(r.count("persons.referred.byReferrer", "referredBy=Servizi Sociali") == 23)
    }

    @Test("desk × contract: no row or column hides exactly one cell")
    func deskContract_noLoneHiddenCell() throws {
        let store = try SmallCells.store()
        let r = try store.report("2019-H1")
        let cells = r.breakdown("placements.byDeskContract")
        #expect(cells.count == 6)
        #expect(r.figure("placements.byDeskContract", "desk=Alfa;contract=fixed-term")?.value == .small)
        #expect(r.figure("placements.byDeskContract", "desk=Alfa;contract=permanent")?.value == .withheld)
        for key in ["desk", "contract"] {
            for (_, group) in Dictionary(grouping: cells, by: { $0.dimension(key) ?? "" }) {
                #expect(group.count { $0.value.mark != nil } != 1, "\(key) \(group.map(\.dimension))")
            }
        }
        // Two desks: by contract alone is no single desk's cell.
        #expect(r.count("placements.byContract", "contract=fixed-term") == 7)
    }

    @Test("a single-desk report treats placements by contract kind as that desk's cells")
    func singleDesk_contractsAreSensitive() throws {
        let store = try SmallCells.store()
        let r = try store.report("2019-H1", desks: ["Alfa"])
        #expect(r.figure("placements.byContract", "contract=fixed-term")?.value == .small)
        #expect(r.figure("placements.byContract", "contract=permanent")?.value == .withheld)
        #expect(r.figure("placements.fixedTermMonths", "months=12-23")?.value == .small)
        #expect(r.breakdown("placements.fixedTermMonths").count { $0.value.mark != nil } == 2)
        // Both desks: the same lengths are no single desk's cells.
        #expect(try store.report("2019-H1").count("placements.fixedTermMonths", "months=12-23") == 7)
    }

    @Test("--exact publishes every count and the first page says so; without it the files never hold a small value")
    func exact_liftsSuppression_andFilesHideIt() throws {
        let store = try SmallCells.store()
        let tmp = try TempDirectory()
        let base = ["report", "semester", "--store", store.path, "--semester", "2019-H1"]
        let hidden = try Subprocess.albo(base + ["--out", tmp.path + "/pub"])
        #expect(hidden.code == 0, "\(hidden.stderr)")
        let exact = try Subprocess.albo(base + ["--out", tmp.path + "/exact", "--exact", "--lang", "en"])
        #expect(exact.code == 0, "\(exact.stderr)")

        let pub = try ReportFiles.figures(tmp.path + "/pub")
        #expect(pub["cases.opened.byTargetGroup|targetGroup=disability|2019-H1"] == .string("< 5"))
        #expect(pub["cases.opened.byTargetGroup|targetGroup=economic-disadvantage|2019-H1"] == .string("x"))
        let csv = String(decoding: try ReportFiles.read(tmp.path + "/pub", "figures.csv"), as: UTF8.self)
        #expect(csv.contains("2019-H1,cases.opened.byTargetGroup,targetGroup=disability,< 5,"))
        let html = String(decoding: try ReportFiles.read(tmp.path + "/pub", "report.html"), as: UTF8.self)
        #expect(html.contains("data-k=\"cases.opened.byTargetGroup|targetGroup=disability|2019-H1\">&lt; 5<"))
        #expect(html.contains("id=\"suppression-rule\"") && !html.contains("id=\"exact-warning\""))
        #expect(!html.contains("albo verify --checkpoint"))  // no --key: no checkpoint to point to

        let all = try ReportFiles.figures(tmp.path + "/exact")
        #expect(all["cases.opened.byTargetGroup|targetGroup=disability|2019-H1"] == .integer(2))
        #expect(all["placements.byDeskContract|desk=Alfa;contract=fixed-term|2019-H1"] == .integer(2))
        let exactHTML = String(decoding: try ReportFiles.read(tmp.path + "/exact", "report.html"), as: UTF8.self)
        #expect(exactHTML.contains("id=\"exact-warning\"") && exactHTML.contains("INTERNAL USE"))
        let doc = try JSONParser.parse(try ReportFiles.read(tmp.path + "/exact", "figures.json"))
        #expect(doc.objectValue?["exact"] == .bool(true))
    }
}
