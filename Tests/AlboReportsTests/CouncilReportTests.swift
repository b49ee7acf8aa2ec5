import AlboDomain
import AlboReports
import AlboTestSupport
import Foundation
import Testing

/// What a council clerk reads: semesters that cannot be reported, periods before the
/// activity, the generated summary, and charts with nothing to draw.
@Suite("The semester report as a council reads it")
struct CouncilReportTests {
    @Test("a semester not begun, or ended before the activity began, is refused with 64 and nothing written")
    func refusedSemesters() throws {
        let (store, _) = try Seeds.store([Seeds.sesto])
        let tmp = try TempDirectory()
        let future = try Subprocess.albo(["report", "semester", "--store", store.path, "--semester", "2999-H1", "--out", tmp.path + "/f"])
        #expect(future.code == 64 && future.stderr.contains("2999-H1") && future.stderr.contains("after today"), "\(future.stderr)")
        let before = try Subprocess.albo(["report", "semester", "--store", store.path, "--semester", "2015-H2",
                                          "--protocol", Seeds.sestoProtocol, "--out", tmp.path + "/b"])
        #expect(before.code == 64 && before.stderr.contains("before the activity"), "\(before.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp.path + "/f") && !FileManager.default.fileExists(atPath: tmp.path + "/b"))
        // The semester in which the activity begins is reported.
        #expect(try Subprocess.albo(["report", "semester", "--store", store.path, "--semester", "2018-H1",
                                     "--protocol", Seeds.sestoProtocol, "--out", tmp.path + "/ok"]).code == 0)
    }

    @Test("semesters before the protocol's validity have no figures, no change is taken on them, and the page shows n.a.")
    func beforeTheProtocol_notApplicable() throws {
        let (store, _) = try Seeds.store([Seeds.sesto])
        // The protocol's validity as `albo query` gives it, not as the report reads it.
        let listed = try Subprocess.albo(["query", "protocols", "--store", store.path, "--json"])
        let protocols = try JSONParser.parse(Array(listed.stdout.utf8)).arrayValue ?? []
        let validFrom = try #require(protocols.compactMap(\.objectValue).first { $0["protocolId"]?.stringValue == Seeds.sestoProtocol }?["validFrom"]?.stringValue)
        let start = try #require(CivilDate(validFrom))

        let r = try store.report("2018-H1", protocols: [Seeds.sestoProtocol])
        let expected = r.semesters.filter { $0.last < start }
        #expect(!expected.isEmpty && expected.count < r.semesters.count)
        #expect(r.notApplicable == expected && r.activityStartsOn == start)
        let labels = Set(expected.map(\.description))
        #expect(!r.figures.contains { labels.contains($0.semester) })
        #expect(r.figures.contains { $0.semester == r.semester.description && $0.measure == "cases.opened" })
        // 2017-H2 is not applicable: no change on it, and the summary says why.
        #expect(!r.figures.contains { $0.measure == "change.previousSemester" || $0.measure == "change.yearBefore" })

        let tmp = try TempDirectory()
        let out = tmp.path + "/r"
        #expect(try Subprocess.albo(["report", "semester", "--store", store.path, "--semester", "2018-H1", "--protocol", Seeds.sestoProtocol,
                                     "--out", out]).code == 0)
        let doc = try JSONParser.parse(try ReportFiles.read(out, "figures.json")).objectValue ?? [:]
        #expect(doc["notApplicable"] == .array(expected.map { .string($0.description) }))
        #expect(doc["activityStartsOn"] == .string(validFrom))
        let html = String(decoding: try ReportFiles.read(out, "report.html"), as: UTF8.self)
        let trend = try #require(html.range(of: "id=\"chart-trend\"")).upperBound
        let table = html[trend...].prefix { _ in true }
        let rows = Substring(table[..<(table.range(of: "</table>")?.upperBound ?? table.endIndex)])
        // Every row of the trend table: one n.a. per semester before the start, and the two changes.
        let na = rows.components(separatedBy: "<td class=\"num na\">n.a.</td>").count - 1
        let rowCount = rows.components(separatedBy: "<tr><th scope=\"row\">").count - 1
        #expect(rowCount >= 5 && na == rowCount * (expected.count + 2), "\(na) n.a. cells in \(rowCount) rows")
        #expect(html.contains("non è applicabile: l'attività è iniziata il 1° gennaio 2018"))
    }

    @Test("the summary states the semester's totals and each change on the previous semester, with its percentage")
    func narrative_changesOnThePreviousSemester() throws {
        let (store, _) = try Seeds.store([Seeds.sesto])
        let r = try store.report("2019-H1", protocols: [Seeds.sestoProtocol])
        let html = String(decoding: ReportPage.render(r, lang: .it, signed: false), as: UTF8.self)
        let start = try #require(html.range(of: "<div class=\"narrative\" id=\"narrative\">")).upperBound
        let narrative = String(html[start..<(html[start...].range(of: "</div>")?.lowerBound ?? html.endIndex)])
        let opened = try #require(r.count("cases.opened"))
        #expect(narrative.contains("Nel primo semestre 2019 sono stati attivati \(opened) percorsi"), "\(narrative)")
        #expect(narrative.contains("Rispetto al secondo semestre 2018: "))
        var checked = 0
        for (measure, name) in [("cases.opened", "percorsi attivati"), ("persons.served", "persone prese in carico"),
                                ("traineeships.started", "tirocini avviati"), ("cases.closed", "percorsi chiusi"),
                                ("placements.confirmed", "inserimenti lavorativi")] {
            let now = try #require(r.count(measure)), before = try #require(r.count(measure, "", "2018-H2"))
            let delta = now - before
            guard delta != 0 else {
                #expect(narrative.contains("\(name) invariat"), "\(name)")
                continue
            }
            let sign = delta > 0 ? "+" : "\u{2212}"
            let percent = String(format: "%.1f", abs(Double(delta) * 100 / Double(before))).replacingOccurrences(of: ".", with: ",")
            #expect(narrative.contains("\(name) \(sign)\(abs(delta)) (\(sign)\(percent)%)"), "\(name): \(narrative)")
            checked += 1
        }
        #expect(checked >= 3)
        #expect(narrative.contains("12 inserimenti lavorativi sono ammessi al pagamento, per un importo complessivo di €\u{00A0}21.500,00"))
    }

    @Test("a breakdown whose every non-zero count is hidden shows a sentence, not a chart of empty bars; its table keeps the cells")
    func allSmall_sentenceInsteadOfChart() throws {
        let (store, _) = try Seeds.store([Seeds.sesto])
        let r = try store.report("2019-H1", protocols: [Seeds.sestoProtocol])
        let months = r.breakdown("placements.fixedTermMonths")
        #expect(!months.isEmpty && months.allSatisfy { $0.value.mark == "< 5" })
        let html = String(decoding: ReportPage.render(r, lang: .it, signed: false), as: UTF8.self)
        let start = try #require(html.range(of: "id=\"chart-months\"")).upperBound
        let chart = html[start..<(html[start...].range(of: "</figure>")?.lowerBound ?? html.endIndex)]
        #expect(!chart.contains("<svg") && chart.contains("<p class=\"chart-note\">Tutti i valori di questa ripartizione sono compresi tra 1 e 4"))
        #expect(chart.components(separatedBy: ">&lt; 5</td>").count - 1 == months.count)
        // A breakdown with a published count is still drawn.
        let hours = try #require(html.range(of: "id=\"chart-hours\"")).upperBound
        #expect(html[hours...].prefix(400).contains("<svg"))
    }
}
