import AlboTestSupport
import Foundation
import Testing

/// Albo's checkpoints and proofs checked by code that is not Albo's: Python's
/// `cryptography` for the Ed25519 signed note, `rekor_verifier` for RFC 9162 proofs.
@Suite("Checkpoints and proofs against independent verifiers")
struct IndependentCheckTests {
    @Test("the signed checkpoint, inclusion and consistency proofs verify with Python tools")
    func checkpointAndProofs_verifyIndependently() throws {
        let w = try TempDirectory()
        let lines = [Sample.protocolLine] + (1...40).map { Sample.caseLine($0) }
        try AlboBinary.run(["init", "--store", w.store, "--origin", "trecate.example/sportello-lavoro"])
        try AlboBinary.run(["append", "--store", w.store, "-"], stdin: lines.joined(separator: "\n"))
        let key = w.path + "/key"
        try AlboBinary.run(["keygen", "--name", "trecate.example/albo", "--out", key])
        let cp = try w.file("cp", try AlboBinary.run(["checkpoint", "--store", w.store, "--key", key]).stdout)
        var proofs: [String] = []
        for seq in [0, 1, 17, 31, 40] {
            proofs.append(try AlboBinary.run(["prove", "--store", w.store, String(seq), "--json"]).stdout)
        }
        for old in [1, 8, 13, 41] {
            proofs.append(try AlboBinary.run(["prove", "--store", w.store, "--consistency", String(old), "--json"]).stdout)
        }
        let proofFile = try w.file("proofs.ndjson", proofs.joined())
        let script = Paths.tool("check_checkpoint.py")
        let r = try AlboBinary.python([script, cp, key + ".pub", proofFile])
        #expect(r.code == 0, "python3 \(script) failed (does .venv hold cryptography and rekor-verifier? run Tools/install-deps.sh): \(r.stderr)")
        #expect(r.stdout.contains("checked 1 signature, 5 inclusion proofs, 4 consistency proofs"))
        // The same tool refuses a checkpoint whose root was altered.
        var text = try String(contentsOfFile: cp, encoding: .utf8)
        let lines2 = text.split(separator: "\n", omittingEmptySubsequences: false)
        text = ([String(lines2[0]), "40"] + lines2.dropFirst(2).map(String.init)).joined(separator: "\n")
        let forged = try w.file("forged", text)
        #expect(try AlboBinary.python([script, forged, key + ".pub", proofFile]).code != 0)
    }

    @Test("check_checkpoint.py rejects every proof that is not against the signed checkpoint's size and root")
    func forgedProofs_areRejected() throws {
        let w = try TempDirectory()
        let lines = [Sample.protocolLine] + (1...40).map { Sample.caseLine($0) }
        try AlboBinary.run(["init", "--store", w.store, "--origin", "trecate.example/sportello-lavoro"])
        try AlboBinary.run(["append", "--store", w.store, "-"], stdin: lines.joined(separator: "\n"))
        let key = w.path + "/key"
        try AlboBinary.run(["keygen", "--name", "trecate.example/albo", "--out", key])
        let cp = try w.file("cp", try AlboBinary.run(["checkpoint", "--store", w.store, "--key", key]).stdout)
        func prove(_ args: [String]) throws -> [String: Any] {
            let out = try AlboBinary.run(["prove", "--store", w.store, "--json"] + args).stdout
            return try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        }
        let p17 = try prove(["17"]), p18 = try prove(["18"])
        let hashes17 = try #require(p17["hashes"] as? [String])
        let leaf0 = try #require(try prove(["0"])["leafHash"] as? String)
        var forged: [(String, [String: Any])] = [
            // A one-leaf tree whose root is the leaf itself: no hashes, unrelated to the checkpoint.
            ("own root", ["seq": 0, "treeSize": 1, "leafHash": leaf0, "rootHash": leaf0, "hashes": [String]()]),
            // A true proof, but for an older tree than the signed one.
            ("wrong size", try prove(["17", "--size", "30"])),
            ("short path", p17.merging(["hashes": Array(hashes17.dropLast())]) { $1 }),
            ("another leaf", p17.merging(["leafHash": p18["leafHash"] ?? ""]) { $1 }),
            ("consistency to another size", try prove(["--consistency", "8", "30"])),
        ]
        forged.append(("stated root differs", p17.merging(["rootHash": leaf0]) { $1 }))
        let script = Paths.tool("check_checkpoint.py")
        let genuine = try w.file("genuine.ndjson", String(decoding: try JSONSerialization.data(withJSONObject: p17), as: UTF8.self) + "\n")
        #expect(try AlboBinary.python([script, cp, key + ".pub", genuine]).code == 0)
        for (name, proof) in forged {
            let file = try w.file(name.replacingOccurrences(of: " ", with: "-") + ".ndjson",
                                  String(decoding: try JSONSerialization.data(withJSONObject: proof), as: UTF8.self) + "\n")
            let r = try AlboBinary.python([script, cp, key + ".pub", file])
            #expect(r.code != 0, "\(name): accepted \(r.stdout)")
            #expect(r.stderr.contains("proof line 1 rejected"), "\(name): \(r.stderr)")
        }
    }
}
