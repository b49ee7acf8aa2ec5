import AlboDomain
import AlboReports
import AlboTestSupport
import Crypto
import Foundation
import Testing

@Suite("albo report semester, through the real binary")
struct ReportCLITests {
    @Test("writes exactly the five files; the manifest hashes them; the checkpoint signs the tree head the report states")
    func files_manifest_checkpoint() throws {
        let store = try SmallCells.store()
        let tmp = try TempDirectory()
        #expect(try Subprocess.albo(["keygen", "--name", "small.example/report", "--out", tmp.path + "/k"]).code == 0)
        let out = tmp.path + "/report"
        let r = try Subprocess.albo(["report", "semester", "--store", store.path, "--semester", "2019-H1", "--out", out,
                                     "--key", tmp.path + "/k", "--json"])
        #expect(r.code == 0, "\(r.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(names == ["checkpoint", "figures.csv", "figures.json", "manifest.json", "report.html"])
        let manifest = try JSONParser.parse(try ReportFiles.read(out, "manifest.json")).objectValue ?? [:]
        #expect(manifest.keys.sorted() == ["checkpoint", "figures.csv", "figures.json", "report.html"])
        for (name, hash) in manifest {
            let digest = SHA256.hash(data: try ReportFiles.read(out, name)).map { String(format: "%02x", $0) }.joined()
            #expect(hash.stringValue == digest, "\(name)")
        }
        let doc = try JSONParser.parse(try ReportFiles.read(out, "figures.json")).objectValue ?? [:]
        let size = try #require(doc["treeSize"]?.integerValue)
        let root = try #require(doc["rootHash"]?.stringValue)
        #expect(size == 45)
        let note = String(decoding: try ReportFiles.read(out, "checkpoint"), as: UTF8.self)
        #expect(note.hasPrefix("small.example/sportello\n\(size)\n"))
        let html = String(decoding: try ReportFiles.read(out, "report.html"), as: UTF8.self)
        #expect(html.contains("<td id=\"tree-size\">\(size)</td>") && html.contains(root) && html.contains("albo verify --checkpoint"))
        // Self-contained: no script, no link, no external resource (the SVG namespace is a name, not a fetch).
        let external = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        for needle in ["<script", "<link", "src=", "href=", "@import", "http://", "https://", "url(http"] {
            #expect(!external.contains(needle), "report.html holds \(needle)")
        }
        // The signed checkpoint verifies against the store with its public key.
        let verify = try Subprocess.albo(["verify", "--store", store.path, "--checkpoint", out + "/checkpoint", "--vkey", tmp.path + "/k.pub"])
        #expect(verify.code == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("--as-of the report's tree size gives a byte-identical figures.json after the log has grown")
    func asOf_reproducesFiguresByteForByte() throws {
        let store = try SmallCells.store()
        let tmp = try TempDirectory()
        let base = ["report", "semester", "--store", store.path, "--semester", "2019-H1"]
        // ALBO_TRACE adds the phases' times on stderr, and changes nothing else.
        let traced = try Subprocess.albo(base + ["--out", tmp.path + "/a"], environment: ["ALBO_TRACE": "1"])
        #expect(traced.code == 0)
        #expect(traced.stderr.contains("albo: report: cases ") && traced.stderr.contains("albo: report: figures "), "\(traced.stderr)")
        let first = try ReportFiles.read(tmp.path + "/a", "figures.json")
        let quiet = try Subprocess.albo(base + ["--out", tmp.path + "/q"])
        #expect(quiet.code == 0 && !quiet.stderr.contains("albo: report:"))
        #expect(try ReportFiles.read(tmp.path + "/q", "figures.json") == first)
        var f = EventFactory()
        try store.append([f.line("CaseOpened", [
            "caseId": .string("LATE-1"), "person": .string("P-late"), "protocolId": .string("conv-small"), "desk": .string("Alfa"),
            "targetGroup": .string("disability"), "openedOn": .string("2019-05-01"),
        ], id: "00000000-0000-4000-8000-00000000ffff")])
        #expect(try Subprocess.albo(base + ["--out", tmp.path + "/b"]).code == 0)
        #expect(try ReportFiles.read(tmp.path + "/b", "figures.json") != first)
        #expect(try Subprocess.albo(base + ["--out", tmp.path + "/c", "--as-of", "45", "--lang", "en"]).code == 0)
        #expect(try ReportFiles.read(tmp.path + "/c", "figures.json") == first)
        #expect(try ReportFiles.read(tmp.path + "/c", "figures.csv") == ReportFiles.read(tmp.path + "/a", "figures.csv"))
    }

    @Test("bad arguments are usage errors (64) before any work; an unknown protocol is 66")
    func badArguments() throws {
        let store = try SmallCells.store()
        let tmp = try TempDirectory()
        let base = ["report", "semester", "--store", store.path, "--out", tmp.path + "/r"]
        for bad in [["--semester", "2019-H3"], ["--semester", "2019"], ["--semester", "19-H1"],
                    ["--semester", "2019-H1", "--lang", "fr"], ["--semester", "2019-H1", "--as-of", "yesterday"],
                    ["--semester", "2019-H1", "--as-of", "9999"]] {
            let r = try Subprocess.albo(base + bad)
            #expect(r.code == 64, "\(bad): \(r.stderr)")
        }
        try FileManager.default.createDirectory(atPath: tmp.path + "/busy", withIntermediateDirectories: true)
        try tmp.file("busy/x", "")
        let busy = try Subprocess.albo(["report", "semester", "--store", store.path, "--out", tmp.path + "/busy", "--semester", "2019-H1"])
        #expect(busy.code == 64 && busy.stderr.contains("not empty"))
        let unknown = try Subprocess.albo(base + ["--semester", "2019-H1", "--protocol", "nope"])
        #expect(unknown.code == 66 && unknown.stderr.contains("nope"))
        #expect(!FileManager.default.fileExists(atPath: tmp.path + "/r"))
    }
}
