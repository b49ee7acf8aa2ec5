import AlboDomain
import AlboLog
@testable import AlboReports
import AlboTestSupport
import Foundation
import Testing

/// The generated ESF+ scenario in a sealed store, through the real binary.
struct EsfScenario {
    let tmp: TempDirectory
    let events: String
    let store: String

    init(cases: Int = 400) throws {
        tmp = try TempDirectory()
        events = tmp.path + "/esf.ndjson"
        store = tmp.path + "/store"
        let generated = try Subprocess.python([Paths.tool("generate.py"), "esf", "--out", events, "--cases", String(cases)])
        guard generated.code == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: generated.stderr]) }
        let initialised = try Subprocess.albo(["init", "--store", store, "--origin", "esf.example/sportello"])
        let appended = try Subprocess.albo(["append", events, "--store", store])
        guard initialised.code == 0, appended.code == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: initialised.stderr + appended.stderr])
        }
    }

    /// The Python replay's exact counts for [from, to], from the events alone.
    func replay(_ from: String, _ to: String) throws -> [String: [String: Int64]] {
        let r = try Subprocess.python([Paths.tool("esf_check.py"), "--print", from, to, events])
        let doc = try JSONParser.parse(Array(r.stdout.utf8)).objectValue ?? [:]
        return doc.mapValues { row in (row.objectValue ?? [:]).mapValues { $0.integerValue ?? -1 } }
    }
}

@Suite("ESF+ indicators")
struct EsfTests {
    @Test("a date plus N months is the same day, or the month's last day when it is shorter")
    func monthArithmetic() throws {
        func d(_ s: String) throws -> CivilDate { try #require(CivilDate(s)) }
        #expect(try d("2023-08-31").adding(months: 6) == d("2024-02-29"))
        #expect(try d("2022-08-31").adding(months: 6) == d("2023-02-28"))
        #expect(try d("2023-03-31").adding(months: 6) == d("2023-09-30"))
        #expect(try d("2023-01-15").adding(months: 6) == d("2023-07-15"))
        #expect(try d("2023-11-30").adding(months: 3) == d("2024-02-29"))
        #expect(try d("2023-12-31").adding(days: 28) == d("2024-01-28"))
        #expect(try d("2024-02-01").adding(days: 28) == d("2024-02-29"))
    }

    @Test("the generated scenario's indicators equal an independent Python replay of its events, for several periods, exact and published")
    func scenario_equalsPythonReplay() throws {
        let s = try EsfScenario()
        for (from, to, exact) in [("2023-01-01", "2024-12-31", true), ("2023-07-01", "2023-12-31", false), ("2024-01-01", "2024-06-30", true)] {
            let out = s.tmp.path + "/r-\(from)-\(exact)"
            let r = try Subprocess.albo(["report", "esf", "--store", s.store, "--from", from, "--to", to, "--out", out] + (exact ? ["--exact"] : []))
            #expect(r.code == 0, "\(r.stderr)")
            let check = try Subprocess.python([Paths.tool("esf_check.py"), s.events, out])
            #expect(check.code == 0, "\(from)–\(to): \(check.stdout)\(check.stderr)")
        }
        // The check sees a wrong count.
        let out = s.tmp.path + "/r-2023-01-01-true"
        let path = out + "/indicators.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let doc = try JSONParser.parse(Array(text.utf8)).objectValue ?? [:]
        let left = try #require(doc["indicators"]?.objectValue?["left"]?.objectValue?["total"]?.integerValue)
        try text.replacingOccurrences(of: #""total":\#(left)}"#, with: #""total":\#(left + 1)}"#).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try Subprocess.python([Paths.tool("esf_check.py"), s.events, out]).code == 1)
    }

    @Test("each rule matters in the scenario: switching it off (or moving its day) changes the indicators away from the replay")
    func eachRule_changesTheScenario() throws {
        let s = try EsfScenario()
        let ledger = try Ledger(path: s.store)
        let snapshot = try EsfSnapshot.read(reader: ledger.reader, protocols: [], asOf: nil)
        let period = try ReportPeriod(first: #require(CivilDate("2023-01-01")), last: #require(CivilDate("2024-12-31")))
        let expected = try s.replay("2023-01-01", "2024-12-31")
        #expect(EsfIndicators(snapshot.cases, period: period).counts == expected)
        var rules: [(String, EsfIndicators.Rules)] = []
        var r = EsfIndicators.Rules()
        r.leavingDays = 27; rules.append(("28 days → 27", r))
        r = .init(); r.leavingDays = 29; rules.append(("28 days → 29", r))
        r = .init(); r.placementsOnLeaving = false; rules.append(("no placements on leaving", r))
        r = .init(); r.sixMonths = 5; rules.append(("six months → five", r))
        r = .init(); r.placementsAtSixMonths = false; rules.append(("no running placement at six months", r))
        r = .init(); r.followUpsAtSixMonths = false; rules.append(("no follow-ups", r))
        for (name, rule) in rules {
            #expect(EsfIndicators(snapshot.cases, period: period, rules: rule).counts != expected, "\(name) changes nothing")
        }
    }

    @Test("participant values are sealed: none is in clear in data.mdb or the keys file; show opens them; erasure makes them unreadable and the indicators say so")
    func sealed_andErased() throws {
        let s = try EsfScenario(cases: 60)
        let tmp = s.tmp
        for file in ["data.mdb", "subjects.keyslots"] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: s.store + "/" + file))
            let text = String(decoding: bytes, as: UTF8.self)
            for value in ["long-term-unemployed", "isced-", "ageAtEntry", "labourStatus", "job-searching", "education-or-training",
                          "not-employed", "self-employed", "thirdCountNational"] {
                #expect(!text.contains(value), "\(file) holds \(value) in clear")
            }
        }
        // A closed case of a participant: its opening shows the participant opened.
        let lines = try String(contentsOfFile: s.events, encoding: .utf8).split(separator: "\n").map(String.init)
        let events = try lines.map { try JSONParser.parse(Array($0.utf8)).objectValue ?? [:] }
        let closedCases = Set(events.filter { $0["type"]?.stringValue == "CaseClosed" }.compactMap { $0["data"]?.objectValue?["caseId"]?.stringValue })
        let opening = try #require(events.first { e in
            e["type"]?.stringValue == "CaseOpened" && e["data"]?.objectValue?["participant"] != nil
                && closedCases.contains(e["data"]?.objectValue?["caseId"]?.stringValue ?? "")
        })
        let id = try #require(opening["id"]?.stringValue)
        let person = try #require(opening["data"]?.objectValue?["person"]?.stringValue)
        let shown = try Subprocess.albo(["show", id, "--store", s.store])
        #expect(shown.stdout.contains("\"participant\":{\"ageAtEntry\":") && shown.stdout.contains("\"schema\":2"), "\(shown.stdout)")
        let before = try Subprocess.albo(["report", "esf", "--store", s.store, "--from", "2023-01-01", "--to", "2025-12-31", "--out", tmp.path + "/b", "--exact"])
        #expect(before.code == 0)
        let erased = try Subprocess.albo(["erase", "--store", s.store, "--person", person, "--reason", "richiesta dell'interessato", "--override-retention"])
        #expect(erased.code == 0, "\(erased.stderr)")
        let after = try Subprocess.albo(["show", id, "--store", s.store])
        #expect(!after.stdout.contains("\"participant\":{") && after.stdout.contains("\"participant\":\"sealed:v1:"), "\(after.stdout)")
        #expect(try Subprocess.albo(["verify", "--store", s.store]).code == 0)
        let report = try Subprocess.albo(["report", "esf", "--store", s.store, "--from", "2023-01-01", "--to", "2025-12-31", "--out", tmp.path + "/a", "--exact"])
        #expect(report.code == 0)
        let total = { (dir: String) throws -> Int64? in
            try JSONParser.parse(try ReportFiles.read(dir, "indicators.json")).objectValue?["indicators"]?.objectValue?["participants"]?.objectValue?["total"]?.integerValue
        }
        #expect(try total(tmp.path + "/a") == total(tmp.path + "/b").map { $0 - 1 })
        let html = String(decoding: try ReportFiles.read(tmp.path + "/a", "report.html"), as: UTF8.self)
        #expect(html.contains("id=\"erased-note\""))
    }

    @Test("participant fields are validated like every field, and follow-ups need a closed case and a day from its closing on")
    func validation() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.line("ProtocolSigned", [
            "protocolId": .string("p"), "title": .string("T"), "kind": .string("convention"),
            "parties": .array([.string("A"), .string("B")]), "signedOn": .string("2023-01-01"), "validFrom": .string("2023-01-01"),
        ]), f.line("CaseOpened", ["caseId": .string("C1"), "person": .string("P-1"), "protocolId": .string("p"), "desk": .string("D"),
                                  "targetGroup": .string("other"), "openedOn": .string("2023-02-01")])])
        let bad = try store.rejections([f.line("CaseOpened", [
            "caseId": .string("C2"), "person": .string("P-2"), "protocolId": .string("p"), "desk": .string("D"), "targetGroup": .string("other"),
            "openedOn": .string("2023-02-01"),
            "participant": .object(["gender": .string("f"), "ageAtEntry": .integer(121), "labourStatus": .string("inactive"),
                                    "education": .string("isced-0-2"), "rural": .string("yes"), "name": .string("Mario")]),
        ])])
        let paths = Set(bad.map(\.path))
        #expect(paths.isSuperset(of: ["data.participant.gender", "data.participant.ageAtEntry", "data.participant.rural", "data.participant.name"]), "\(bad)")
        let open = try store.rejections([f.line("FollowUpRecorded", ["caseId": .string("C1"), "on": .string("2023-09-01"), "situation": .string("employed")])])
        #expect(open.map(\.rule) == ["case.open"], "\(open)")
        try store.append([f.line("CaseClosed", ["caseId": .string("C1"), "reason": .string("completed"), "closedOn": .string("2023-06-30"),
                                                "resultsOnLeaving": .array([.string("employment")])])])
        let early = try store.rejections([f.line("FollowUpRecorded", ["caseId": .string("C1"), "on": .string("2023-06-29"), "situation": .string("employed")])])
        #expect(early.map(\.rule) == ["date.before-closed"], "\(early)")
        let repeated = try store.rejections([f.line("CaseClosed", ["caseId": .string("C1"), "reason": .string("completed"), "closedOn": .string("2023-06-30"),
                                                                   "resultsOnLeaving": .array([.string("employment"), .string("employment")])])])
        #expect(repeated.contains { $0.path == "data.resultsOnLeaving" && $0.rule == "distinct" }, "\(repeated)")
        try store.append([f.line("FollowUpRecorded", ["caseId": .string("C1"), "on": .string("2023-12-31"), "situation": .string("self-employed"),
                                                      "betterSituation": .bool(true)])])
    }

    @Test("--as-of the report's tree size gives a byte-identical indicators.json after the log has grown")
    func asOf_reproduces() throws {
        let s = try EsfScenario(cases: 80)
        let base = ["report", "esf", "--store", s.store, "--from", "2023-01-01", "--to", "2024-12-31"]
        #expect(try Subprocess.albo(base + ["--out", s.tmp.path + "/a"]).code == 0)
        let first = try ReportFiles.read(s.tmp.path + "/a", "indicators.json")
        let size = try #require(JSONParser.parse(first).objectValue?["treeSize"]?.integerValue)
        try s.tmp.file("more.ndjson", #"{"id":"00000000-0000-4000-8000-0000000fffff","type":"CaseOpened","recordedBy":"op","data":{"caseId":"LATE","person":"P-LATE","protocolId":"esf-gol-2023","desk":"Trecate","targetGroup":"other","openedOn":"2023-05-01","participant":{"gender":"female","ageAtEntry":40,"labourStatus":"inactive","education":"isced-5-8"}}}"# + "\n")
        #expect(try Subprocess.albo(["append", s.tmp.path + "/more.ndjson", "--store", s.store]).code == 0)
        #expect(try Subprocess.albo(base + ["--out", s.tmp.path + "/b"]).code == 0)
        #expect(try ReportFiles.read(s.tmp.path + "/b", "indicators.json") != first)
        #expect(try Subprocess.albo(base + ["--out", s.tmp.path + "/c", "--as-of", String(size), "--lang", "en"]).code == 0)
        #expect(try ReportFiles.read(s.tmp.path + "/c", "indicators.json") == first)
        let csv = String(decoding: try ReportFiles.read(s.tmp.path + "/c", "indicators.csv"), as: UTF8.self)
        #expect(csv.hasPrefix("indicator,code,gender,value\r\nparticipants,EECO01,female,"))
        #expect(csv.split(separator: "\r\n").count == 1 + EsfIndicators.keys.count * 4)
    }
}

@Suite("Semester report with participant data")
struct SemesterParticipantTests {
    @Test("with participant data the semester report breaks the cases opened down by sex, age band and education, each adding up to them, suppressed as the rest; without, it has no such breakdown")
    func breakdowns() throws {
        let s = try EsfScenario(cases: 200)
        let out = s.tmp.path + "/sem"
        #expect(try Subprocess.albo(["report", "semester", "--store", s.store, "--semester", "2023-H2", "--out", out, "--exact"]).code == 0)
        let figures = try ReportFiles.figures(out)
        let opened = try #require(figures["cases.opened||2023-H2"]?.integerValue)
        for (measure, bins) in [("cases.opened.byGender", ["gender=female", "gender=male", "gender=non-binary", "gender=none"]),
                                ("cases.opened.byAgeBand", ["ageBand=below-18", "ageBand=18-29", "ageBand=30-54", "ageBand=55-and-over", "ageBand=none"]),
                                ("cases.opened.byEducation", ["education=isced-0-2", "education=isced-3-4", "education=isced-5-8", "education=none"])] {
            let values = bins.compactMap { figures["\(measure)|\($0)|2023-H2"]?.integerValue }
            #expect(values.count == bins.count && values.reduce(0, +) == opened, "\(measure): \(values) of \(opened)")
            #expect(values.dropLast().reduce(0, +) > 0, "\(measure) counts no participant")
        }
        // The independent replay agrees, and the page draws the three charts.
        let check = try Subprocess.python([Paths.tool("report_check.py"), Paths.albo, s.store, out])
        #expect(check.code == 0, "\(check.stdout)\(check.stderr)")
        let html = String(decoding: try ReportFiles.read(out, "report.html"), as: UTF8.self)
        for id in ReportPage.participantChartIDs { #expect(html.contains("id=\"\(id)\""), "\(id)") }
        // Published: small cells hidden like the target groups'.
        let published = s.tmp.path + "/pub"
        #expect(try Subprocess.albo(["report", "semester", "--store", s.store, "--semester", "2023-H2", "--out", published]).code == 0)
        let pub = try ReportFiles.figures(published)
        let nonBinary = try #require(figures["cases.opened.byGender|gender=non-binary|2023-H2"]?.integerValue)
        if (1...4).contains(nonBinary) { #expect(pub["cases.opened.byGender|gender=non-binary|2023-H2"] == .string("< 5")) }
        #expect(try Subprocess.python([Paths.tool("report_check.py"), Paths.albo, s.store, published]).code == 0)

        let (seeds, _) = try Seeds.store([Seeds.sesto])
        let r = try seeds.report("2019-H1", protocols: [Seeds.sestoProtocol])
        #expect(!r.figures.contains { $0.measure.hasPrefix("cases.opened.byGender") || $0.measure == "cases.opened.byAgeBand" })
    }
}
