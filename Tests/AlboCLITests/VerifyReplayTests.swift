import AlboTestSupport
import Foundation
import Testing

/// `verify` compares the projections with a replay of the log without copying the store:
/// the replay's scratch databases hold the projections alone, and the store is only read.
@Suite("verify: replay without a copy of the store")
struct VerifyReplayTests {
    @Test("on a read-only copy that may write no file as long as a copy of the store, verify finds a damaged projection row, writes nothing in the store and leaves nothing in TMPDIR")
    func damagedProjection_isFoundWithoutCopyingTheStore() throws {
        let w = try TempDirectory()
        chmod(w.path, 0o755)
        let events = [Sample.protocolLine] + (1...400).map { Sample.caseLine($0) }
        #expect(try AlboBinary.run(["append", "--store", w.store, "-"], stdin: events.joined(separator: "\n")).code == 0)
        #expect(try AlboBinary.run(["projections", "--store", w.store]).code == 0)
        // What a copy of this store would write: the compacted copy `backup` makes.
        #expect(try AlboBinary.run(["backup", "--store", w.store, w.path + "/backup"]).code == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: w.path + "/backup/data.mdb")
        let copyBytes = try #require(attributes[.size] as? Int)
        let limit = copyBytes - 4096

        let copy = w.path + "/copy", tmp = w.path + "/tmp"
        try FileManager.default.copyItem(atPath: w.store, toPath: copy)
        AuditorCopy.makeWritable(tmp)
        AuditorCopy.makeReadOnly(copy)
        let clean = try AuditorCopy.asNobody(["verify", "--store", copy], tmp: tmp, maxFileBytes: limit)
        #expect(clean.code == 0 && clean.stdout.hasPrefix("ok: 401 events"), "\(clean.stdout)\(clean.stderr)")
        #expect(!clean.stderr.contains("not compared"), "\(clean.stderr)")

        // The person as stored, sealed: changed in the projection rows, not in the record.
        let stored = try AlboBinary.run(["show", "--sealed", "--store", w.store, "1"]).stdout
        let record = try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String: Any]
        let sealed = try #require((record?["data"] as? [String: Any])?["person"] as? String)
        chmod(copy, 0o755)
        chmod(copy + "/data.mdb", 0o644)
        #expect(try AuditorCopy.damageProjectionRows(copy, holding: sealed) > 0)
        AuditorCopy.makeReadOnly(copy)
        let before = try AuditorCopy.contents(copy)

        let damaged = try AuditorCopy.asNobody(["verify", "--store", copy, "--json"], tmp: tmp, maxFileBytes: limit)
        #expect(damaged.code == 2, "\(damaged.stderr)")
        #expect(damaged.stdout.contains(#""check":"projection.digest""#), "\(damaged.stdout)")
        #expect(try AuditorCopy.contents(copy) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp) == [])
    }
}
