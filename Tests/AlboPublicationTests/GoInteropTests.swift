import AlboTestSupport
import Foundation
import Testing

/// Go's golang.org/x/mod/sumdb/tlog and note, an implementation that shares nothing with Albo,
/// read what `albo publish` wrote (Tools/tlogcheck, run offline against Debian's x/mod).
@Suite("Publication read by Go's sumdb/tlog")
struct GoInteropTests {
    static func goCheck(_ dir: String, vkey: String, _ extra: [String] = []) throws -> Subprocess.Result {
        let key = try String(contentsOfFile: vkey, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return try Subprocess.run("/usr/bin/env", ["go", "run", Paths.tool("tlogcheck/main.go"), "-dir", dir, "-vkey", key] + extra,
                                  environment: ["GO111MODULE": "off", "GOPATH": "/usr/share/gocode", "GOFLAGS": "-mod=mod"])
    }

    static func inode(_ path: String) -> UInt64 {
        var st = stat()
        return stat(path, &st) == 0 ? UInt64(st.st_ino) : 0
    }

    @Test("Go verifies the checkpoint, every entry's inclusion, and consistency with an older published checkpoint")
    func goReadsTiles() throws {
        let log = try PublishedLog(cases: 299)  // 300 entries: a full tile and a partial one
        let out = log.dir.path + "/pub"
        try expectOK(log.publish(out, ["--entries"]))
        let first = try Self.goCheck(out, vkey: log.vkey, ["-entries"])
        #expect(first.code == 0, "\(first.stderr)")
        #expect(first.stdout.contains("ok test.example/albo 300 ") && first.stdout.contains("entries=300"), "\(first.stdout)")
        #expect(FileManager.default.fileExists(atPath: out + "/tile/0/000"))
        #expect(FileManager.default.fileExists(atPath: out + "/tile/0/001.p/44"))
        #expect(FileManager.default.fileExists(atPath: out + "/tile/1/000.p/1"))
        #expect(FileManager.default.fileExists(atPath: out + "/tile/entries/001.p/44"))

        let old = log.dir.path + "/old-checkpoint"
        try FileManager.default.copyItem(atPath: out + "/checkpoint", toPath: old)
        let fullTile = Self.inode(out + "/tile/0/000")
        try log.append(cases: 250, seed: 0, from: 299)
        try expectOK(log.publish(out, ["--entries"]))
        let second = try Self.goCheck(out, vkey: log.vkey, ["-entries", "-old", old])
        #expect(second.code == 0, "\(second.stderr)")
        #expect(second.stdout.contains("consistent with 300") && second.stdout.contains("ok test.example/albo 550 "), "\(second.stdout)")
        // The full tile was not rewritten; the old partial tile stays for readers of the old checkpoint.
        #expect(fullTile != 0 && Self.inode(out + "/tile/0/000") == fullTile)
        #expect(FileManager.default.fileExists(atPath: out + "/tile/0/001.p/44"))
        #expect(FileManager.default.fileExists(atPath: out + "/tile/0/002.p/38"))
        // Nothing new: nothing written but the checkpoint.
        let third = try log.publish(out, ["--entries", "--json"])
        #expect(third.code == 0 && third.stdout.contains(#""entryBundles":0,"hashTiles":0"#), "\(third.stdout)")
    }

    @Test("Go refuses a published tile that was altered")
    func goCatchesAlteredTile() throws {
        let log = try PublishedLog(cases: 40)
        let out = log.dir.path + "/pub"
        try expectOK(log.publish(out, ["--entries"]))
        let path = out + "/tile/0/000.p/41"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[100] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = try Self.goCheck(out, vkey: log.vkey, ["-entries"])
        #expect(result.code != 0)
    }
}
