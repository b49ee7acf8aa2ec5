import AlboTestSupport
import Foundation
import Testing

/// Issue 10, item 4: who `albo retention` lists, at the boundaries, and `erase --expired`.
@Suite("albo retention and erase --expired")
struct RetentionTests {
    static func caseLines(_ n: Int, person: String, opened: String, closed: String?) -> [String] {
        let id = { (k: Int) in String(format: "4f0e8c1a-5b7d-4c2e-9a61-%06d%06d", n, k) }
        var lines = [#"{"id":"\#(id(1))","type":"CaseOpened","recordedBy":"op-1","data":{"caseId":"RET-\#(n)","person":"\#(person)","protocolId":"conv-trecate-2022","desk":"Trecate","targetGroup":"other","openedOn":"\#(opened)"}}"#]
        if let closed {
            lines.append(#"{"id":"\#(id(2))","type":"CaseClosed","recordedBy":"op-1","data":{"caseId":"RET-\#(n)","reason":"completed","closedOn":"\#(closed)"}}"#)
        }
        return lines
    }

    private func listed(_ w: TempDirectory, on: String, years: Int = 5) throws -> [String] {
        let r = try AlboBinary.run(["retention", "--store", w.store, "--on", on, "--years", String(years), "--json"])
        #expect(r.code == 0, "\(r.stderr)")
        let entries = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        return entries.compactMap { $0["person"] as? String }.sorted()
    }

    @Test("kept to 31 December of the last event's year + N, listed from 1 January; an open case is never listed")
    func retention_boundaries() throws {
        let w = try TempDirectory()
        let lines = [Sample.protocolLine]
            + Self.caseLines(1, person: "P-CLOSED-2023", opened: "2022-11-10", closed: "2023-03-01")
            // Two cases: the later one's last event (31 December 2024) decides.
            + Self.caseLines(2, person: "P-TWO-CASES", opened: "2022-11-10", closed: "2023-01-15")
            + Self.caseLines(3, person: "P-TWO-CASES", opened: "2023-02-01", closed: "2024-12-31")
            // One case closed long ago and one still open: never listed.
            + Self.caseLines(4, person: "P-STILL-OPEN", opened: "2022-11-10", closed: "2022-12-01")
            + Self.caseLines(5, person: "P-STILL-OPEN", opened: "2022-11-20", closed: nil)
        #expect(try AlboBinary.run(["append", "--store", w.store, try w.file("r.ndjson", lines.joined(separator: "\n"))]).code == 0)

        // Last event 1 March 2023: kept through 31 December 2028, listed from 1 January 2029.
        #expect(try listed(w, on: "2028-12-31") == [])
        #expect(try listed(w, on: "2029-01-01") == ["P-CLOSED-2023"])
        // The later case's closing on 31 December 2024 decides: kept through 31 December 2029.
        #expect(try listed(w, on: "2029-12-31") == ["P-CLOSED-2023"])
        #expect(try listed(w, on: "2030-01-01") == ["P-CLOSED-2023", "P-TWO-CASES"])
        #expect(try listed(w, on: "2100-01-01") == ["P-CLOSED-2023", "P-TWO-CASES"])
        // --years moves the date: with 0, kept through 31 December of the last event's year.
        #expect(try listed(w, on: "2023-12-31", years: 0) == [])
        #expect(try listed(w, on: "2024-01-01", years: 0) == ["P-CLOSED-2023"])

        // erase --expired erases what retention lists, with progress on stderr, and only that.
        // 2029 is after today: judging on it sets the retention rule aside, so it needs the override and a reason.
        #expect(try AlboBinary.run(["erase", "--expired", "--on", "2029-01-01", "--store", w.store]).code == 64)
        let e = try AlboBinary.run(["erase", "--expired", "--on", "2029-01-01", "--override-retention", "--reason", "test of the boundary", "--store", w.store])
        #expect(e.code == 0, "\(e.stderr)")
        #expect(e.stderr.contains("1/1"))
        #expect(try listed(w, on: "2100-01-01") == ["P-TWO-CASES"])
        let c = try AlboBinary.run(["query", "case", "RET-1", "--store", w.store, "--json"]).stdout
        #expect(c.contains(#""person":"erased""#))
        #expect(try AlboBinary.run(["query", "case", "RET-5", "--store", w.store, "--json"]).stdout.contains("P-STILL-OPEN"))
        #expect(try AlboBinary.run(["verify", "--store", w.store]).code == 0)

        // The semester report of a sealed store with an erased subject: the erased case counts,
        // in an `erased` target group, and the independent Python replay agrees.
        let out = w.path + "/report"
        let report = try AlboBinary.run(["report", "semester", "--store", w.store, "--semester", "2022-H2", "--exact", "--out", out])
        #expect(report.code == 0, "\(report.stderr)")
        let figures = try String(contentsOfFile: out + "/figures.json", encoding: .utf8)
        #expect(figures.contains("targetGroup=erased"))
        let check = try AlboBinary.python([Paths.tool("report_check.py"), Paths.albo, w.store, out])
        #expect(check.code == 0 && check.stderr.contains("0 problem(s)"), "\(check.stdout)\(check.stderr)")
    }
}
