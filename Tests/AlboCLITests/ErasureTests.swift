import AlboTestSupport
import Foundation
import Testing

/// Issue 10: a person erased from a sealed store of the seed scenarios is in no byte of
/// any file of the store or of a fresh backup; the log still verifies, earlier checkpoints
/// and bundles still check, and counts stay what they were.
@Suite("albo erase: gone from the disk, and the log still verifies")
struct ErasureTests {
    static let protocolId = "sesto-sg-servizi-lavoro-2018"
    /// A person of the test's own, with an employer, a host and a UNILAV reference no one else has.
    static let person = "P-ERASE-0001"
    static let secrets = [person, "Officina Meccanica Zanardelli Unica Srl", "UNILAV-2018-9999901", "Fondazione Tirocini Unica Onlus",
                          "Sportello Inviante Unico"]

    static func personLines() -> [String] {
        let c = "SSG-ERASE-1"
        return [
            #"{"id":"0e000000-0000-4000-8000-000000000001","type":"CaseOpened","recordedBy":"op-test","data":{"caseId":"\#(c)","person":"\#(person)","protocolId":"\#(protocolId)","desk":"Sesto San Giovanni","targetGroup":"disability","referredBy":"Sportello Inviante Unico","openedOn":"2018-02-01"}}"#,
            #"{"id":"0e000000-0000-4000-8000-000000000002","type":"TraineeshipStarted","recordedBy":"op-test","data":{"caseId":"\#(c)","traineeshipId":"T-ERASE-1","host":"Fondazione Tirocini Unica Onlus","kind":"extracurricular","startOn":"2018-02-05"}}"#,
            #"{"id":"0e000000-0000-4000-8000-000000000003","type":"PlacementConfirmed","recordedBy":"op-test","data":{"caseId":"\#(c)","employer":"Officina Meccanica Zanardelli Unica Srl","contract":"permanent","hoursPerWeek":30,"startOn":"2018-03-01","confirmedOn":"2018-03-02","evidence":"UNILAV-2018-9999901"}}"#,
            #"{"id":"0e000000-0000-4000-8000-000000000004","type":"CaseClosed","recordedBy":"op-test","data":{"caseId":"\#(c)","reason":"placed","closedOn":"2018-03-10"}}"#,
        ]
    }

    /// Which of `needles` occur in the raw bytes of any file under `directory`, as "file: needle".
    static func occurrences(of needles: [String], under directory: String) throws -> [String] {
        var found: [String] = []
        let files = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []
        for file in files {
            var isDir: ObjCBool = false
            let path = directory + "/" + file
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
                  let data = FileManager.default.contents(atPath: path) else { continue }
            for n in needles where data.range(of: Data(n.utf8)) != nil { found.append("\(file): \(n)") }
        }
        return found
    }

    private func json(_ args: [String]) throws -> Any {
        let r = try AlboBinary.run(args)
        #expect(r.code == 0, "\(args): \(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8), options: [.fragmentsAllowed])
    }

    @Test("erase a person: no file of the store or a fresh backup holds their data; verify, proofs, bundles and counts hold")
    func erase_seedStore() throws {
        let w = try TempDirectory()
        let s = ["--store", w.store]
        #expect(try AlboBinary.python([Paths.tool("generate.py"), "seeds", "--out", w.path + "/seeds"]).code == 0)
        for f in ["000-distretto-ceramico", "001-livorno", "002-trecate", "003-sesto-san-giovanni", "004-crema"] {
            #expect(try AlboBinary.run(["append"] + s + [w.path + "/seeds/\(f).ndjson"]).code == 0)
        }
        #expect(try AlboBinary.run(["append"] + s + [try w.file("person.ndjson", Self.personLines().joined(separator: "\n"))]).code == 0)

        // Sealed at append: the log never holds them in clear; only the keys file names the person.
        #expect(try Self.occurrences(of: Self.secrets, under: w.store) == ["subjects.keyslots: \(Self.person)"])
        let opened = try AlboBinary.run(["show", "0e000000-0000-4000-8000-000000000003"] + s).stdout
        #expect(opened.contains("UNILAV-2018-9999901"))
        let sealedBefore = try AlboBinary.run(["show", "--sealed", "0e000000-0000-4000-8000-000000000003"] + s).stdout
        #expect(!sealedBefore.contains("UNILAV") && sealedBefore.contains("sealed:v1:"))

        // Before: a checkpoint, a bundle, the counts and the projection digests.
        #expect(try AlboBinary.run(["keygen", "--name", "audit", "--out", w.path + "/k"]).code == 0)
        let before = try AlboBinary.run(["checkpoint", "--key", w.path + "/k"] + s)
        let checkpoint = try w.file("checkpoint.before", before.stdout)
        let bundle = w.path + "/bundle"
        #expect(try AlboBinary.run(["export", "payments", "--protocol", Self.protocolId, "--from", "2018-01-01", "--to", "2018-06-30",
                                    "--out", bundle, "--key", w.path + "/k"] + s).code == 0)
        let bundlePayments = try String(contentsOfFile: bundle + "/payments.csv", encoding: .utf8)
        #expect(bundlePayments.contains("Officina Meccanica Zanardelli Unica Srl"))
        let queries: [[String]] = [["query", "desks", "--json"],
                                   ["query", "outcomes", "--protocol", Self.protocolId, "--from", "2018-01-01", "--to", "2018-12-31", "--json"],
                                   ["query", "cases", "--protocol", Self.protocolId, "--json"]]
        let countsBefore = try queries.map { try json($0 + s) }
        #expect((countsBefore[2] as? [[String: Any]])?.contains { $0["person"] as? String == Self.person } == true)
        // With the projections built, data.mdb still holds none of it in clear: only the keys file names the person.
        #expect(try Self.occurrences(of: Self.secrets, under: w.store) == ["subjects.keyslots: \(Self.person)"])
        let sizeBefore = try AlboBinary.run(["verify", "--json"] + s).stdout

        // The dry run lists and changes nothing.
        let dry = try AlboBinary.run(["erase", "--person", Self.person, "--reason", "art. 17 request", "--dry-run"] + s)
        #expect(dry.code == 0 && dry.stdout.contains("SSG-ERASE-1"))
        #expect(try Self.occurrences(of: [Self.person], under: w.store) == ["subjects.keyslots: \(Self.person)"])

        let erased = try AlboBinary.run(["erase", "--person", Self.person, "--reason", "art. 17 request", "--recorded-by", "dpo-1"] + s)
        #expect(erased.code == 0, "\(erased.stderr)")

        // Gone from every file of the store, and from a backup taken now.
        #expect(try Self.occurrences(of: Self.secrets, under: w.store) == [])
        #expect(try AlboBinary.run(["backup"] + s + [w.path + "/backup"]).code == 0)
        #expect(FileManager.default.fileExists(atPath: w.path + "/backup/subjects.keyslots"))
        #expect(try Self.occurrences(of: Self.secrets, under: w.path + "/backup") == [])

        // The log verifies, with the earlier checkpoint; the erasure is the only new leaf.
        let v = try AlboBinary.run(["verify", "--checkpoint", checkpoint, "--vkey", w.path + "/k.pub"] + s)
        #expect(v.code == 0, "\(v.stdout)\(v.stderr)")
        let oldSize = try #require((try JSONSerialization.jsonObject(with: Data(sizeBefore.utf8)) as? [String: Any])?["treeSize"] as? Int)
        let newSize = try #require((try json(["verify", "--json"] + s) as? [String: Any])?["treeSize"] as? Int)
        #expect(newSize == oldSize + 1)
        #expect(try AlboBinary.run(["prove", "--consistency", String(oldSize)] + s).code == 0)
        #expect(try AlboBinary.run(["prove", "0e000000-0000-4000-8000-000000000003", "--size", String(oldSize)] + s).code == 0)

        // The erased event prints its sealed bytes, opened or not.
        #expect(try AlboBinary.run(["show", "0e000000-0000-4000-8000-000000000003"] + s).stdout == sealedBefore)

        // The bundle exported before still verifies, in both verifiers.
        #expect(try AlboBinary.run(["verify-bundle", bundle, "--vkey", w.path + "/k.pub"]).code == 0)
        let py = try AlboBinary.python([Paths.tool("verify_bundle.py"), bundle, w.path + "/k.pub"])
        #expect(py.code == 0, "\(py.stdout)\(py.stderr)")
        // A new export would need the erased data: it names the events and writes nothing.
        let again = try AlboBinary.run(["export", "payments", "--protocol", Self.protocolId, "--from", "2018-01-01", "--to", "2018-06-30",
                                        "--out", w.path + "/bundle2", "--key", w.path + "/k"] + s)
        #expect(again.code == 65 && again.stderr.contains("0e000000-0000-4000-8000-000000000003"))
        #expect(!FileManager.default.fileExists(atPath: w.path + "/bundle2"))

        // Counts stay; the breakdowns and the case show `erased` where the personal data were.
        let countsAfter = try queries.map { try json($0 + s) }
        let desks = { (x: Any) in (x as? [[String: Any]])?.map { "\($0["desk"] ?? "") \($0["casesOpened"] ?? "") \($0["distinctPersons"] ?? "") \($0["placements"] ?? "")" } }
        #expect(desks(countsAfter[0]) == desks(countsBefore[0]))
        let o0 = try #require(countsBefore[1] as? [String: Any]), o1 = try #require(countsAfter[1] as? [String: Any])
        for k in ["activated", "concluded", "placed", "inProgress"] { #expect("\(o0[k] ?? "")" == "\(o1[k] ?? "")") }
        let groups = try #require(o1["byTargetGroup"] as? [String: Int]), groups0 = try #require(o0["byTargetGroup"] as? [String: Int])
        #expect(groups["erased"] == 1 && groups["disability"] == (groups0["disability"] ?? 0) - 1)
        #expect((o1["referredBy"] as? [String: Int])?["Sportello Inviante Unico"] == nil)
        #expect((countsAfter[2] as? [Any])?.count == (countsBefore[2] as? [Any])?.count)
        let theCase = try AlboBinary.run(["query", "case", "SSG-ERASE-1", "--json"] + s).stdout
        #expect(theCase.contains(#""person":"erased""#) && theCase.contains(#""employer":"erased""#) && !theCase.contains("Zanardelli"))

        // A rebuild gives the state the incremental updates gave.
        let digests = try AlboBinary.run(["projections", "--json"] + s).stdout
        #expect(try AlboBinary.run(["rebuild"] + s).code == 0)
        #expect(try AlboBinary.run(["projections", "--json"] + s).stdout == digests)

        // Nothing more to erase, nothing written: the person is no longer known to the store (66).
        let twice = try AlboBinary.run(["erase", "--person", Self.person, "--reason", "art. 17 request"] + s)
        #expect(twice.code == 66 && twice.stderr.contains("no data subject \(Self.person) in this store"), "\(twice.stderr)")
        #expect((try json(["verify", "--json"] + s) as? [String: Any])?["treeSize"] as? Int == newSize)
        // An erasure is recorded by `albo erase` only, never by an appended line.
        let forged = #"{"id":"0e000000-0000-4000-8000-000000000009","type":"SubjectErased","recordedBy":"op-test","data":{"subject":"s-aaaaaaaaaaaaaaaaaaaaaaaaaa","reason":"x"}}"#
        let rejected = try AlboBinary.run(["append"] + s + [try w.file("forged.ndjson", forged)])
        #expect(rejected.code == 65 && rejected.stderr.contains("erasure.command"))
    }
}
