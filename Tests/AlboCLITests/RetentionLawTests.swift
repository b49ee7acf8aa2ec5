import AlboTestSupport
import Foundation
import Testing

/// Erasure within the law, through the real binary: retention runs per protocol with its
/// legal basis named; `erase --person` refuses a subject with an open case or inside
/// retention unless overridden with a reason; the register lists every erasure; `--on` is
/// never later than today without the override; an unknown person is an error; an erased
/// subject's case takes no more events.
@Suite("Erasure within the law")
struct RetentionLawTests {
    static let basis = "Reg. (UE) 2021/1060 art. 82; GDPR art. 17(3)(b)"
    static let ceranoLine = Sample.protocolLine
        .replacingOccurrences(of: "3f0e8c1a-5b7d-4c2e-9a61-0d4b2f1e7c3a", with: "3f0e8c1a-5b7d-4c2e-9a61-0d4b2f1e7c3b")
        .replacingOccurrences(of: "conv-trecate-2022", with: "conv-cerano-2022")

    /// P-2022: one case, last event 2022 (kept to 2027-12-31); P-MIXED: a case under each
    /// protocol, last event 2023 (kept to 2028-12-31); P-OPEN: an open case.
    private func store() throws -> TempDirectory {
        let w = try TempDirectory()
        let cerano = RetentionTests.caseLines(3, person: "P-MIXED", opened: "2023-02-01", closed: "2023-03-01")
            .map { $0.replacingOccurrences(of: "conv-trecate-2022", with: "conv-cerano-2022") }
        let lines = [Sample.protocolLine, Self.ceranoLine]
            + RetentionTests.caseLines(1, person: "P-2022", opened: "2022-11-10", closed: "2022-12-01")
            + RetentionTests.caseLines(2, person: "P-MIXED", opened: "2022-11-10", closed: "2023-01-15") + cerano
            + RetentionTests.caseLines(4, person: "P-OPEN", opened: "2022-11-20", closed: nil)
        let r = try AlboBinary.run(["append", "--store", w.store, try w.file("r.ndjson", lines.joined(separator: "\n"))])
        #expect(r.code == 0, "\(r.stderr)")
        return w
    }

    private func json(_ args: [String]) throws -> Any {
        let r = try AlboBinary.run(args)
        #expect(r.code == 0, "\(args): \(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8), options: [.fragmentsAllowed])
    }

    private func treeSize(_ w: TempDirectory) throws -> Int? {
        (try json(["verify", "--log-only", "--json", "--store", w.store]) as? [String: Any])?["treeSize"] as? Int
    }

    @Test("retention names its legal basis, sorts by date, totals, and takes each protocol's years (the longest applies)")
    func retention_basisOrderTotalAndProtocolYears() throws {
        let w = try store()
        let s = ["--store", w.store]
        let listed = try #require(try json(["retention", "--on", "2029-01-01", "--json"] + s) as? [[String: Any]])
        #expect(listed.map { $0["person"] as? String } == ["P-2022", "P-MIXED"])
        #expect(listed.map { $0["retainedUntil"] as? String } == ["2027-12-31", "2028-12-31"])
        #expect(listed.allSatisfy { $0["basis"] as? String == Self.basis && $0["years"] as? Int == 5 })
        let text = try AlboBinary.run(["retention", "--on", "2029-01-01"] + s)
        #expect(text.code == 0 && text.stdout.contains("legal basis: " + Self.basis), "\(text.stdout)")
        #expect(text.stdout.hasSuffix("total: 2 subjects past retention on 2029-01-01\n"), "\(text.stdout)")
        let order = try #require(text.stdout.range(of: "P-2022")).lowerBound < (try #require(text.stdout.range(of: "P-MIXED"))).lowerBound
        #expect(order)
        // Ten years for the Cerano convention: P-MIXED, with a case under it, is kept to 2033.
        let tenYears = ["--protocol-years", "conv-cerano-2022=10"]
        let kept = try #require(try json(["retention", "--on", "2029-01-01", "--json"] + tenYears + s) as? [[String: Any]])
        #expect(kept.map { $0["person"] as? String } == ["P-2022"])
        let later = try #require(try json(["retention", "--on", "2034-01-01", "--json"] + tenYears + s) as? [[String: Any]])
        #expect(later.first { $0["person"] as? String == "P-MIXED" }?["retainedUntil"] as? String == "2033-12-31")
        #expect(later.first { $0["person"] as? String == "P-MIXED" }?["years"] as? Int == 10)
        #expect(try AlboBinary.run(["retention", "--protocol-years", "conv-cerano-2022"] + s).code == 64)
    }

    @Test("erase --person refuses (65, nothing written) inside retention or with an open case; overridden with a reason, it is in the register")
    func erasePerson_refusedThenOverridden() throws {
        let w = try store()
        let s = ["--store", w.store]
        let size = try treeSize(w)
        let inside = try AlboBinary.run(["erase", "--person", "P-2022", "--reason", "art. 17 request"] + s)
        #expect(inside.code == 65, "\(inside.stdout)\(inside.stderr)")
        #expect(inside.stderr.contains("inside the retention period until 2027-12-31") && inside.stderr.contains(Self.basis), "\(inside.stderr)")
        #expect(inside.stderr.contains("--override-retention"))
        let open = try AlboBinary.run(["erase", "--person", "P-OPEN", "--reason", "art. 17 request"] + s)
        #expect(open.code == 65 && open.stderr.contains("open case RET-4"), "\(open.stderr)")
        #expect(try treeSize(w) == size)
        #expect((try json(["erasures", "--json"] + s) as? [Any])?.isEmpty == true)
        #expect(try AlboBinary.run(["show", "--store", w.store, "2"]).stdout.contains("P-2022"), "still readable")

        // The dry run names the fields and flags what stands against the erasure, and changes nothing.
        let dry = try AlboBinary.run(["erase", "--person", "P-OPEN", "--reason", "art. 17 request", "--dry-run"] + s)
        #expect(dry.code == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("fields made unreadable: CaseOpened: person, targetGroup"), "\(dry.stdout)")
        #expect(dry.stdout.contains("fields kept in clear: CaseOpened: caseId, desk, openedOn, protocolId, subject"), "\(dry.stdout)")
        #expect(dry.stdout.contains("REFUSED without --override-retention: open case RET-4; inside the retention period"), "\(dry.stdout)")
        let dryJSON = try #require((try json(["erase", "--person", "P-OPEN", "--reason", "x", "--dry-run", "--json"] + s) as? [String: Any])?["erased"] as? [[String: Any]])
        #expect(dryJSON.first?["openCases"] as? [String] == ["RET-4"] && dryJSON.first?["withinRetention"] as? Bool == true)
        #expect((dryJSON.first?["fieldsErased"] as? [String: [String]])?["CaseOpened"] == ["person", "targetGroup"])
        #expect(try treeSize(w) == size)

        // Overridden, with the reason: erased and registered, the override marked.
        #expect(try AlboBinary.run(["erase", "--person", "P-2022", "--override-retention"] + s).code == 64, "an override needs a reason")
        let done = try AlboBinary.run(["erase", "--person", "P-2022", "--reason", "court order 12/2026", "--override-retention", "--recorded-by", "dpo-1"] + s)
        #expect(done.code == 0, "\(done.stderr)")
        let register = try #require(try json(["erasures", "--json"] + s) as? [[String: Any]])
        #expect(register.count == 1)
        let entry = try #require(register.first)
        #expect(entry["seq"] as? Int == size && entry["recordedBy"] as? String == "dpo-1")
        #expect(entry["reason"] as? String == "court order 12/2026 [retention overridden]")
        #expect((entry["subject"] as? String)?.hasPrefix("s-") == true && (entry["recordedAt"] as? String)?.hasSuffix("Z") == true)
        #expect(Set(entry.keys) == ["seq", "subject", "reason", "recordedAt", "recordedBy"])
        let text = try AlboBinary.run(["erasures"] + s)
        #expect(text.stdout.contains("court order 12/2026") && text.stdout.hasSuffix("total: 1 erasure\n"), "\(text.stdout)")

        // Erased, or never known: an error (66), not "already erased", and nothing written.
        for person in ["P-2022", "P-TYPO"] {
            let again = try AlboBinary.run(["erase", "--person", person, "--reason", "art. 17 request"] + s)
            #expect(again.code == 66 && again.stderr.contains("no data subject \(person) in this store"), "\(again.stderr)")
        }
        #expect(try treeSize(w) == (size ?? 0) + 1)
    }

    @Test("--on is never later than today without the override: erase --expired --on 2062-01-01 erases no one inside retention")
    func eraseExpired_futureDayRefused() throws {
        let w = try store()
        let s = ["--store", w.store]
        let size = try treeSize(w)
        let future = try AlboBinary.run(["erase", "--expired", "--on", "2062-01-01"] + s)
        #expect(future.code == 64 && future.stderr.contains("is after today"), "\(future.stderr)")
        let person = try AlboBinary.run(["erase", "--person", "P-2022", "--reason", "x", "--on", "2062-01-01"] + s)
        #expect(person.code == 64, "\(person.stderr)")
        // Today, both closed subjects are inside their five years: nothing to erase.
        let today = try AlboBinary.run(["erase", "--expired"] + s)
        #expect(today.code == 0 && today.stdout.contains("nothing to erase"), "\(today.stdout)\(today.stderr)")
        #expect(try treeSize(w) == size)
        #expect(try AlboBinary.run(["retention", "--on", "2062-01-01"] + s).stdout.contains("total: 2 subjects"), "planning ahead is allowed")
        // Two years for both protocols: both closed subjects' retention ran out (2024, 2025); P-OPEN stays.
        let short = try AlboBinary.run(["erase", "--expired", "--protocol-years", "conv-trecate-2022=2", "--protocol-years", "conv-cerano-2022=2"] + s)
        #expect(short.code == 0 && short.stderr.contains("2/2"), "\(short.stdout)\(short.stderr)")
        let register = try #require(try json(["erasures", "--json"] + s) as? [[String: Any]])
        #expect(register.compactMap { $0["reason"] as? String }.sorted() == ["retention period of 2 years ended on 2024-12-31", "retention period of 2 years ended on 2025-12-31"])
    }

    @Test("nothing more is appended to an erased subject's case: a closing, a void")
    func erasedSubjectsCase_takesNoMoreEvents() throws {
        let w = try store()
        let s = ["--store", w.store]
        #expect(try AlboBinary.run(["erase", "--person", "P-OPEN", "--reason", "court order", "--override-retention"] + s).code == 0)
        let close = #"{"id":"4f0e8c1a-5b7d-4c2e-9a61-000004000009","type":"CaseClosed","recordedBy":"op-1","data":{"caseId":"RET-4","reason":"withdrawn","closedOn":"2023-05-01"}}"#
        let closed = try AlboBinary.run(["append"] + s + [try w.file("close.ndjson", close)])
        #expect(closed.code == 65 && closed.stderr.contains("subject.erased"), "\(closed.stderr)")
        let void = #"{"id":"4f0e8c1a-5b7d-4c2e-9a61-000004000010","type":"EventVoided","recordedBy":"op-1","data":{"eventId":"4f0e8c1a-5b7d-4c2e-9a61-000004000001","reason":"x"}}"#
        let voided = try AlboBinary.run(["append"] + s + [try w.file("void.ndjson", void)])
        #expect(voided.code == 65 && voided.stderr.contains("subject.erased"), "\(voided.stderr)")
        // The void is judged by the case's subject as of its own line, even when the same batch
        // opens the case again, for someone else, further on (sealing runs ahead of the rules).
        let reopen = #"{"id":"4f0e8c1a-5b7d-4c2e-9a61-000004000011","type":"CaseOpened","recordedBy":"op-1","data":{"caseId":"RET-4","person":"P-NEW","protocolId":"conv-trecate-2022","desk":"Trecate","targetGroup":"other","openedOn":"2023-06-01"}}"#
        let both = try AlboBinary.run(["append"] + s + [try w.file("void-reopen.ndjson", void + "\n" + reopen)])
        #expect(both.code == 65 && both.stderr.contains("subject.erased"), "\(both.stderr)")
        // Another subject's case still takes its events.
        let other = RetentionTests.caseLines(5, person: "P-OTHER", opened: "2023-01-10", closed: "2023-02-10")
        let r = try AlboBinary.run(["append"] + s + [try w.file("other.ndjson", other.joined(separator: "\n"))])
        #expect(r.code == 0, "\(r.stderr)")
    }
}
