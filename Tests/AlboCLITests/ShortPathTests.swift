import AlboTestSupport
import Foundation
import Testing

/// One-character paths relative to the working directory: Foundation's path splitting
/// trapped on them (SIGILL in `init`, `append`, `backup` and `keygen`).
@Suite("Short paths: a store, a backup and a key named by one character")
struct ShortPathTests {
    @Test("init, append, backup and keygen with one-character relative paths exit 0 and write there")
    func oneCharacterPaths_work() throws {
        let w = try TempDirectory()
        let events = try w.file("e.ndjson", Sample.protocolLine + "\n" + Sample.caseLine(1) + "\n")
        for args in [["init", "--store", "a"], ["append", events, "--store", "a"], ["append", events, "--store", "c"],
                     ["backup", "b", "--store", "a"], ["keygen", "--name", "x.example/k", "--out", "k"]] {
            let r = try Subprocess.run(Paths.albo, args, cwd: w.path)
            #expect(r.code == 0, "\(args): exit \(r.code) \(r.stderr.prefix(300))")
        }
        for made in ["a/data.mdb", "b/data.mdb", "c/data.mdb", "k", "k.pub"] {
            #expect(FileManager.default.fileExists(atPath: w.path + "/" + made), "\(made) missing")
        }
        let shown = try Subprocess.run(Paths.albo, ["show", "1", "--store", "b"], cwd: w.path)
        #expect(shown.code == 0 && shown.stdout.contains("TRE-1"), "the backup b holds the appended case: \(shown.stderr)")
    }
}
