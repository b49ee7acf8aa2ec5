import AlboTestSupport
import Foundation
import Testing

/// Nothing is signed unchecked: `albo export payments` from a store with one changed byte in a
/// stored record writes nothing and exits 2, and `albo verify` sends the user to a backup,
/// never to a rebuild that would make the altered record the truth.
@Suite struct ExportDamageTests {
    /// A store made through the binary with a 24-month placement, and a copy of it with that
    /// record's `months` changed to 64 in `data.mdb` (one byte; the record only).
    private func damagedCopy() throws -> (dir: TempDirectory, good: String, bad: String, key: String) {
        var f = EventFactory()
        let lines = [
            f.paidProtocol(),
            f.caseOpened("C-1"), f.placement("C-1", contract: "fixed-term", months: 24, confirmed: "2023-03-01"),
            f.caseOpened("C-2", group: "disability"), f.placement("C-2", confirmed: "2023-03-02"),
        ]
        let dir = try TempDirectory()
        let input = try dir.file("events.ndjson", lines.joined(separator: "\n") + "\n")
        let good = dir.path + "/good", bad = dir.path + "/bad"
        let appended = try albo(["append", input, "--store", good])
        #expect(appended.code == 0, "\(appended.stderr)")
        #expect(try albo(["projections", "--store", good]).code == 0)
        try FileManager.default.copyItem(atPath: good, toPath: bad)
        let file = bad + "/data.mdb"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        // In the stored record the canonical members after `months` are `startOn`, then the envelope.
        let needle = Array(#""months":24,"startOn":"2023-03-01"},"id":"#.utf8)
        var found: [Int] = []
        var i = 0
        while i + needle.count <= bytes.count {
            if bytes[i..<(i + needle.count)].elementsEqual(needle) { found.append(i) }
            i += 1
        }
        try #require(found.count == 1, "the record's bytes appear once in data.mdb: \(found)")
        bytes[found[0] + 9] = UInt8(ascii: "6")
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let key = try dir.file("sesto.key", TestKeys.pair.signerKey + "\n")
        return (dir, good, bad, key)
    }

    private func export(_ store: String, _ out: String, _ key: String) throws -> Subprocess.Result {
        try albo(["export", "payments", "--store", store, "--protocol", "sesto-2022", "--from", "2023-01-01", "--to", "2023-06-30",
                  "--out", out, "--key", key])
    }

    @Test func exportFromAStoreWithOneChangedByte_writesNothing_exit2() throws {
        let (dir, good, bad, key) = try damagedCopy()
        let fine = try export(good, dir.path + "/fine", key)
        #expect(fine.code == 0, "\(fine.stderr)")
        let out = dir.path + "/bundle"
        let r = try export(bad, out, key)
        #expect(r.code == 2, "exit \(r.code): \(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("the store is damaged, nothing was written or signed"), "\(r.stderr)")
        #expect(r.stderr.contains("seq 2 cannot be put in a bundle") && r.stderr.contains("restore the store from a backup"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out), "no bundle, not even a partial one")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(left == ["bad", "events.ndjson", "fine", "good", "sesto.key"], "no temporary directory left: \(left)")
        // An empty directory given as --out stays empty.
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        #expect(try export(bad, out, key).code == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty)
    }

    @Test func verifyTellsLogDamage_restoreFromABackup_neverRebuild() throws {
        let (dir, good, bad, _) = try damagedCopy()
        defer { withExtendedLifetime(dir) {} }
        #expect(try albo(["verify", "--store", good]).code == 0)
        let text = try albo(["verify", "--store", bad])
        #expect(text.code == 2)
        #expect(text.stdout.contains("restore the store from a backup"), "\(text.stdout)")
        #expect(text.stdout.contains("do not run `albo rebuild`"), "\(text.stdout)")
        #expect(!text.stdout.contains("run `albo rebuild cases`"), "\(text.stdout)")
        let json = try albo(["verify", "--store", bad, "--json"])
        #expect(json.code == 2 && json.stdout.contains(#""check":"log.damaged""#), "\(json.stdout)")
        #expect(!json.stdout.contains(#""check":"projection.digest""#), "\(json.stdout)")
    }
}
