import AlboTestSupport
import Foundation
import Testing

/// `verify` compares the projections with a replay of the log without copying the store:
/// the replay's scratch databases hold the projections alone, and the store is only read.
@Suite("verify: replay without a copy of the store")
struct VerifyReplayTests {
    /// Runs `albo` as the unprivileged user `nobody` (the tests run as root, whom no
    /// permission stops), in `tmp`, allowed to write no file longer than `maxFileBytes`.
    private func asNobody(_ args: [String], tmp: String, maxFileBytes: Int) throws -> Subprocess.Result {
        try Subprocess.run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
                                                "/usr/bin/prlimit", "--fsize=\(maxFileBytes)", Paths.albo] + args,
                           environment: ["TMPDIR": tmp])
    }

    /// Every file of `dir`, by name, with its bytes.
    private func contents(_ dir: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
        }
        return files
    }

    /// Changes the last byte of every copy of `sealed` in the data file that is not inside a
    /// stored record (that is, in the projections' rows); returns how many it changed.
    private func damageProjections(_ store: String, _ sealed: String) throws -> Int {
        let file = store + "/data.mdb"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        let needle = Array(sealed.utf8), recordPrefix = Array(#""person":""#.utf8)
        var changed = 0
        var i = 0
        while i + needle.count <= bytes.count {
            if bytes[i..<(i + needle.count)].elementsEqual(needle) {
                let inRecord = i >= recordPrefix.count && bytes[(i - recordPrefix.count)..<i].elementsEqual(recordPrefix)
                if !inRecord { bytes[i + needle.count - 1] = UInt8(ascii: "X"); changed += 1 }
                i += needle.count
            } else { i += 1 }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return changed
    }

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
        mkdir(tmp, 0o777)
        chmod(tmp, 0o777)
        func readOnly() {
            chmod(copy, 0o555)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: copy)) ?? [] { chmod(copy + "/" + name, 0o444) }
        }
        readOnly()
        let clean = try asNobody(["verify", "--store", copy], tmp: tmp, maxFileBytes: limit)
        #expect(clean.code == 0 && clean.stdout.hasPrefix("ok: 401 events"), "\(clean.stdout)\(clean.stderr)")
        #expect(!clean.stderr.contains("not compared"), "\(clean.stderr)")

        // The person as stored, sealed: changed in the projection rows, not in the record.
        let stored = try AlboBinary.run(["show", "--sealed", "--store", w.store, "1"]).stdout
        let record = try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String: Any]
        let sealed = try #require((record?["data"] as? [String: Any])?["person"] as? String)
        chmod(copy, 0o755)
        chmod(copy + "/data.mdb", 0o644)
        #expect(try damageProjections(copy, sealed) > 0)
        readOnly()
        let before = try contents(copy)

        let damaged = try asNobody(["verify", "--store", copy, "--json"], tmp: tmp, maxFileBytes: limit)
        #expect(damaged.code == 2, "\(damaged.stderr)")
        #expect(damaged.stdout.contains(#""check":"projection.digest""#), "\(damaged.stdout)")
        #expect(try contents(copy) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp) == [])
    }
}
