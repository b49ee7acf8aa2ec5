import AlboTestSupport
import Foundation
import Testing

@Suite("albo's exit codes and outputs, through the real binary")
struct CLIExitCodeTests {
    @Test("init creates an owner-only store and refuses to re-create it")
    func init_ownerOnly() throws {
        let w = try TempDirectory()
        let r = try AlboBinary.run(["init", "--store", w.store, "--origin", "trecate.example/sportello-lavoro"])
        #expect(r.code == 0)
        let fm = FileManager.default
        #expect((try fm.attributesOfItem(atPath: w.store)[.posixPermissions] as? Int) == 0o700)
        #expect((try fm.attributesOfItem(atPath: w.store + "/data.mdb")[.posixPermissions] as? Int) == 0o600)
        #expect((try fm.attributesOfItem(atPath: w.store + "/lock.mdb")[.posixPermissions] as? Int) == 0o600)
        #expect(try AlboBinary.run(["init", "--store", w.store]).code == 64)
        #expect(try AlboBinary.run(["init", "--store", w.path + "/other", "--origin", "has space"]).code == 64)
    }

    @Test("append: 0 with the six JSON fields, 65 for invalid input, 75 for conflicts, 66 for a missing file")
    func append_exitCodes() throws {
        let w = try TempDirectory()
        let good = try w.file("good.ndjson", [Sample.protocolLine, Sample.caseLine(1)].joined(separator: "\n") + "\n")
        let ok = try AlboBinary.run(["append", good, "--json"], environment: ["ALBO_STORE": w.store])
        #expect(ok.code == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [String: Any])
        #expect(Set(json.keys) == ["appended", "duplicates", "firstSeq", "lastSeq", "treeSize", "rootHash"])
        #expect(json["appended"] as? Int == 2 && json["treeSize"] as? Int == 2)

        let again = try AlboBinary.run(["append", "--store", w.store, good, "--json"])
        #expect(again.code == 0 && again.stdout.contains(#""duplicates":2"#))

        let bad = try w.file("bad.ndjson", Sample.caseLine(2) + "\n" + #"{"id":"not-a-uuid","type":"Nope","recordedBy":"x","data":{}}"# + "\n")
        let invalid = try AlboBinary.run(["append", "--store", w.store, bad, "--json"])
        #expect(invalid.code == 65)
        #expect(invalid.stderr.contains("line 2") && invalid.stderr.contains("nothing was written"))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(invalid.stdout.utf8)) as? [String: Any])
        let violations = try #require(report["violations"] as? [[String: Any]])
        #expect(violations.contains { $0["line"] as? Int == 2 && $0["path"] as? String == "id" && $0["rule"] as? String == "uuid" })
        #expect(violations.contains { $0["line"] as? Int == 2 && $0["path"] as? String == "type" && $0["rule"] as? String == "enum" })

        let reused = Sample.caseLine(1, person: "P-OTHER")
        #expect(try AlboBinary.run(["append", "--store", w.store, "-"], stdin: reused).code == 75)
        #expect(try AlboBinary.run(["append", "--store", w.store, w.path + "/missing.ndjson"]).code == 66)
        // Nothing of the failed batches was written.
        let size = try AlboBinary.run(["append", "--store", w.store, "-", "--json"], stdin: "")
        #expect(size.stdout.contains(#""treeSize":2"#))
    }

    @Test("show prints the exact stored bytes; history --json lists the same bytes; unknown events are 66")
    func show_andHistory() throws {
        let w = try TempDirectory()
        try AlboBinary.run(["append", "--store", w.store, "-"], stdin: [Sample.protocolLine, Sample.caseLine(7)].joined(separator: "\n"))
        let bySeq = try AlboBinary.run(["show", "--store", w.store, "1"])
        let byId = try AlboBinary.run(["show", "--store", w.store, "3F0E8C1A-5B7D-4C2E-9A61-000000000007"])
        #expect(bySeq.code == 0 && bySeq.stdout == byId.stdout)
        #expect(bySeq.stdout.hasPrefix(#"{"data":{"caseId":"TRE-7","#) && bySeq.stdout.hasSuffix(#""type":"CaseOpened","version":1}"# + "\n"))
        let history = try AlboBinary.run(["history", "--store", w.store, "case:TRE-7", "--json"])
        #expect(history.stdout == "[" + bySeq.stdout.dropLast() + "]\n")
        #expect(try AlboBinary.run(["show", "--store", w.store, "2"]).code == 66)
        #expect(try AlboBinary.run(["show", "--store", w.path + "/none", "0"]).code == 66)
        #expect(try AlboBinary.run(["history", "--store", w.store, "case:NOPE"]).code == 66)
        #expect(try AlboBinary.run(["show", "--store", w.store, "--bogus"]).code == 64)
    }

    @Test("verify exits 0 on a sound store; checkpoint and proofs come out in the contract's shapes")
    func verify_checkpoint_prove() throws {
        let w = try TempDirectory()
        let lines = [Sample.protocolLine] + (1...20).map { Sample.caseLine($0) }
        try AlboBinary.run(["init", "--store", w.store, "--origin", "trecate.example/sportello-lavoro"])
        try AlboBinary.run(["append", "--store", w.store, "-"], stdin: lines.joined(separator: "\n"))
        let key = w.path + "/key"
        let keygen = try AlboBinary.run(["keygen", "--name", "trecate.example/albo", "--out", key])
        #expect(keygen.code == 0 && keygen.stdout.hasPrefix("trecate.example/albo+"))
        #expect((try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int) == 0o600)
        #expect(try AlboBinary.run(["keygen", "--name", "x", "--out", key]).code == 64)
        // Key files: missing is 66, not a key is 65, for every command that reads one.
        let junk = try w.file("junk.key", "not a key\n")
        #expect(try AlboBinary.run(["checkpoint", "--store", w.store, "--key", junk]).code == 65)
        #expect(try AlboBinary.run(["checkpoint", "--store", w.store, "--key", key + ".pub"]).code == 65)
        #expect(try AlboBinary.run(["checkpoint", "--store", w.store, "--key", w.path + "/none"]).code == 66)
        #expect(try AlboBinary.run(["verify-bundle", w.path, "--vkey", junk]).code == 65)
        #expect(try AlboBinary.run(["export", "payments", "--store", w.store, "--protocol", "conv-trecate-2022", "--from", "2022-01-01",
                                    "--to", "2022-12-31", "--out", w.path + "/b", "--key", junk]).code == 65)
        let cp = try AlboBinary.run(["checkpoint", "--store", w.store, "--key", key])
        #expect(cp.code == 0 && cp.stdout.hasPrefix("trecate.example/sportello-lavoro\n21\n"))
        let cpFile = try w.file("cp", cp.stdout)
        let verified = try AlboBinary.run(["verify", "--store", w.store, "--checkpoint", cpFile, "--vkey", key + ".pub", "--json"])
        #expect(verified.code == 0 && verified.stdout.contains(#""ok":true"#) && verified.stdout.contains(#""problems":[]"#))
        // A checkpoint beyond today's log (as after a truncation) is exit 2.
        let later = try AlboBinary.run(["append", "--store", w.path + "/bigger", "-"], stdin: (lines + [Sample.caseLine(99)]).joined(separator: "\n"))
        #expect(later.code == 0)
        try AlboBinary.run(["init", "--store", w.path + "/short", "--origin", "trecate.example/sportello-lavoro"])
        try AlboBinary.run(["append", "--store", w.path + "/short", "-"], stdin: lines.dropLast().joined(separator: "\n"))
        #expect(try AlboBinary.run(["verify", "--store", w.path + "/short", "--checkpoint", cpFile, "--vkey", key + ".pub"]).code == 2)

        let proof = try AlboBinary.run(["prove", "--store", w.store, "5", "--size", "17", "--json"])
        let p = try #require(try JSONSerialization.jsonObject(with: Data(proof.stdout.utf8)) as? [String: Any])
        #expect(Set(p.keys) == ["seq", "treeSize", "leafHash", "rootHash", "hashes"])
        let c = try AlboBinary.run(["prove", "--store", w.store, "--consistency", "7", "--json"])
        let cj = try #require(try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [String: Any])
        #expect(Set(cj.keys) == ["fromSize", "toSize", "fromRoot", "toRoot", "hashes"] && cj["toSize"] as? Int == 21)
        #expect(try AlboBinary.run(["prove", "--store", w.store, "30"]).code == 66)
        #expect(try AlboBinary.run(["prove", "--store", w.store, "3", "--size", "99"]).code == 64)
    }

    @Test("backup makes a store that verifies with the same root")
    func backup_isAStore() throws {
        let w = try TempDirectory()
        try AlboBinary.run(["append", "--store", w.store, "-"], stdin: ([Sample.protocolLine] + (1...50).map { Sample.caseLine($0) }).joined(separator: "\n"))
        let dest = w.path + "/copy"
        #expect(try AlboBinary.run(["backup", "--store", w.store, dest]).code == 0)
        let a = try AlboBinary.run(["verify", "--store", w.store, "--json"]).stdout
        let b = try AlboBinary.run(["verify", "--store", dest, "--json"]).stdout
        #expect(a == b && a.contains(#""treeSize":51"#))
        #expect(try AlboBinary.run(["backup", "--store", w.store, dest]).code == 64)
    }
}
