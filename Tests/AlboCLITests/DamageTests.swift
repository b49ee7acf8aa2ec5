import AlboTestSupport
import Foundation
import Testing

/// Damage anywhere is reported by `verify` with exit 2, projections included.
@Suite("Damage reporting")
struct DamageTests {
    @Test("a changed byte in projection data fails verify (projection.digest), while the log itself still verifies")
    func projectionDamage_isDetected() throws {
        let w = try TempDirectory()
        let marker = "P-MARKER-7Q"
        #expect(try AlboBinary.run(["append", "--store", w.store, "-"], stdin: Sample.protocolLine + "\n" + Sample.caseLine(1, person: marker) + "\n" + Sample.caseLine(2)).code == 0)
        #expect(try AlboBinary.run(["projections", "--store", w.store]).code == 0)
        #expect(try AlboBinary.run(["verify", "--store", w.store]).code == 0)
        // The person as stored: sealed, in the record and in the projections alike.
        let stored = try AlboBinary.run(["show", "--sealed", "--store", w.store, "1"]).stdout
        let record = try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String: Any]
        let sealed = try #require((record?["data"] as? [String: Any])?["person"] as? String)
        #expect(sealed.hasPrefix("sealed:v1:") && !stored.contains(marker))
        // Change the person in every copy of it that is not inside a stored record.
        #expect(try AuditorCopy.damageProjectionRows(w.store, holding: sealed) > 0)
        let verify = try AlboBinary.run(["verify", "--store", w.store, "--json"])
        #expect(verify.code == 2)
        #expect(verify.stdout.contains(#""check":"projection.digest""#), "\(verify.stdout)")
        #expect(try AlboBinary.run(["verify", "--store", w.store, "--log-only"]).code == 0)
        // A rebuild repairs it.
        #expect(try AlboBinary.run(["rebuild", "--store", w.store]).code == 0)
        #expect(try AlboBinary.run(["verify", "--store", w.store]).code == 0)
    }

    @Test("a data file cut short (LMDB faults on a page past its end) is reported as damage, exit 2, by every reading command, never a crash")
    func truncatedFile_isDamageNotACrash() throws {
        let w = try TempDirectory()
        let lines = [Sample.protocolLine] + (1...400).map { Sample.caseLine($0) }
        #expect(try AlboBinary.run(["append", "--store", w.store, "-"], stdin: lines.joined(separator: "\n")).code == 0)
        #expect(try AlboBinary.run(["projections", "--store", w.store]).code == 0)
        // Keep the meta pages and little else: the tree's pages now lie past the end of the file.
        #expect(truncate(w.store + "/data.mdb", 16_384) == 0)
        for args in [["verify"], ["query", "desks"], ["show", "300"], ["history", "case:TRE-300"], ["prove", "300"], ["projections"]] {
            let r = try AlboBinary.run(args + ["--store", w.store])
            #expect(r.code == 2, "\(args): exit \(r.code), stderr \(r.stderr)")
            #expect(r.stderr.contains("the store is damaged"), "\(args): \(r.stderr)")
            #expect(!r.stderr.contains("Program crashed") && !r.stderr.contains("Backtracing"), "\(args): \(r.stderr)")
        }
    }
}
