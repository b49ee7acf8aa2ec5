import AlboTestSupport
import Foundation
import Testing

/// An auditor's read-only copy of a store whose projections were never built answers queries
/// and reports as the writable original does, and is left exactly as it was.
@Suite("Read-only stores without projections")
struct ReadOnlyProjectionsTests {
    @Test("query cases, query outcomes and report semester on a read-only copy with no projections answer as the original, and write nothing in it")
    func readOnlyCopyWithoutProjections_answersAsTheOriginal() throws {
        let w = try TempDirectory()
        chmod(w.path, 0o755)
        let events = [Sample.protocolLine] + (1...6).map { Sample.caseLine($0) }
        #expect(try AlboBinary.run(["append", "--store", w.store, "-"], stdin: events.joined(separator: "\n")).code == 0)
        // The auditor's copy is taken before any query built the projections: it has none.
        let copy = w.path + "/copy"
        try FileManager.default.copyItem(atPath: w.store, toPath: copy)
        AuditorCopy.makeReadOnly(copy)
        let before = try AuditorCopy.contents(copy)
        let out = w.path + "/out", tmp = w.path + "/tmp"
        AuditorCopy.makeWritable(out, tmp)

        let outcomes = ["query", "outcomes", "--protocol", "conv-trecate-2022", "--from", "2022-01-01", "--to", "2022-12-31"]
        let report = ["report", "semester", "--semester", "2022-H2", "--exact", "--date", "2023-01-15"]
        let original = (cases: try AlboBinary.run(["query", "cases", "--json", "--store", w.store]),
                        outcomes: try AlboBinary.run(outcomes + ["--store", w.store]),
                        report: try AlboBinary.run(report + ["--store", w.store, "--out", out + "/original"]))
        #expect(original.cases.code == 0 && original.cases.stdout.contains("TRE-6"), "\(original.cases.stderr)")
        #expect(original.outcomes.code == 0 && original.report.code == 0, "\(original.outcomes.stderr)\(original.report.stderr)")

        let cases = try AuditorCopy.asNobody(["query", "cases", "--json", "--store", copy], tmp: tmp)
        #expect(cases.code == 0 && cases.stdout == original.cases.stdout, "\(cases.stderr)")
        let outcome = try AuditorCopy.asNobody(outcomes + ["--store", copy], tmp: tmp)
        #expect(outcome.code == 0 && outcome.stdout == original.outcomes.stdout, "\(outcome.stderr)")
        let semester = try AuditorCopy.asNobody(report + ["--store", copy, "--out", out + "/copy"], tmp: tmp)
        #expect(semester.code == 0, "\(semester.stderr)")
        let figures = try Data(contentsOf: URL(fileURLWithPath: out + "/original/figures.json"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/copy/figures.json")) == figures)

        // Nothing was written in the copy, and no private copy is left behind.
        #expect(try AuditorCopy.contents(copy) == before)
        #expect(semester.stderr.contains("private copy in \(tmp)/"), "\(semester.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp) == [])
    }

    @Test("report esf on a read-only copy answers as on the original (exit 0) and writes nothing in it")
    func esfReport_onReadOnlyCopy() throws {
        let w = try TempDirectory()
        chmod(w.path, 0o755)
        let events = w.path + "/esf.ndjson"
        let generated = try Subprocess.python([Paths.tool("generate.py"), "esf", "--out", events, "--cases", "60"])
        #expect(generated.code == 0, "\(generated.stderr)")
        #expect(try AlboBinary.run(["append", "--store", w.store, events]).code == 0)
        let copy = w.path + "/copy"
        try FileManager.default.copyItem(atPath: w.store, toPath: copy)
        AuditorCopy.makeReadOnly(copy)
        let before = try AuditorCopy.contents(copy)
        let out = w.path + "/out", tmp = w.path + "/tmp"
        AuditorCopy.makeWritable(out, tmp)
        let esf = ["report", "esf", "--from", "2023-01-01", "--to", "2025-12-31", "--exact"]
        let original = try AlboBinary.run(esf + ["--store", w.store, "--out", out + "/original"])
        #expect(original.code == 0, "\(original.stderr)")
        let audited = try AuditorCopy.asNobody(esf + ["--store", copy, "--out", out + "/copy"], tmp: tmp)
        #expect(audited.code == 0, "\(audited.stderr)")
        let indicators = try Data(contentsOf: URL(fileURLWithPath: out + "/original/indicators.json"))
        #expect(indicators.count > 100)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/copy/indicators.json")) == indicators)
        #expect(try AuditorCopy.contents(copy) == before)
    }
}
