import AlboTestSupport
import Foundation
import Testing

/// Issue 9, row 4: a backup is whole or absent, and a killed one can be retried.
@Suite("albo backup: whole or absent")
struct BackupTests {
    private func permissions(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    /// A store big enough that copying it takes a while.
    private func bigStore(_ w: TempDirectory, cases: Int) throws {
        let lines = [Sample.protocolLine] + (1...cases).map { Sample.caseLine($0) }
        let file = try w.file("big.ndjson", lines.joined(separator: "\n"))
        #expect(try AlboBinary.run(["append", "--store", w.store, file]).code == 0)
    }

    @Test("a backup killed while copying leaves no store at DEST, and a retry succeeds")
    func killedBackup_leavesNothing_retryWorks() throws {
        let w = try TempDirectory()
        try bigStore(w, cases: 30_000)
        let parent = w.path + "/backups"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: false)
        let dest = parent + "/copy"

        let p = Process()
        p.executableURL = URL(fileURLWithPath: Paths.albo)
        p.arguments = ["backup", "--store", w.store, dest]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Kill as soon as the copy has started writing a data file anywhere under `parent`.
        let deadline = Date().addingTimeInterval(30)
        var killedMidway = false
        while p.isRunning && Date() < deadline {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
            if entries.contains(where: { FileManager.default.fileExists(atPath: parent + "/" + $0 + "/data.mdb") }) {
                kill(p.processIdentifier, SIGKILL)
                killedMidway = true
                break
            }
            usleep(200)
        }
        p.waitUntilExit()
        #expect(killedMidway, "the backup finished before the test could kill it")

        // Whatever the kill left, nothing at DEST passes for a (partial) store.
        if FileManager.default.fileExists(atPath: dest) {
            let v = try AlboBinary.run(["verify", "--store", dest, "--json"])
            #expect(v.code == 0 && v.stdout.contains(#""treeSize":30001"#), "a killed backup left \(dest): verify \(v.code) \(v.stderr)")
        } else {
            let retry = try AlboBinary.run(["backup", "--store", w.store, dest])
            #expect(retry.code == 0, "retry after a killed backup: \(retry.code) \(retry.stderr)")
            let v = try AlboBinary.run(["verify", "--store", dest, "--json"])
            #expect(v.code == 0 && v.stdout.contains(#""treeSize":30001"#))
        }
        // The killed run's temporary directory is gone after the retry.
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["copy"])
    }

    @Test("a stale temporary directory of a dead run is removed; the copy is owner-only")
    func staleTemp_removed_ownerOnly() throws {
        let w = try TempDirectory()
        try bigStore(w, cases: 10)
        let dest = w.path + "/copy"
        // What a run killed mid-copy leaves: a temporary directory named after a process that is gone.
        let stale = w.path + "/.copy.albo-backup.4194999"
        try FileManager.default.createDirectory(atPath: stale, withIntermediateDirectories: false)
        try Data(repeating: 0xAB, count: 4096).write(to: URL(fileURLWithPath: stale + "/data.mdb"))
        let r = try AlboBinary.run(["backup", "--store", w.store, dest])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(try permissions(dest) == 0o700)
        #expect(try permissions(dest + "/data.mdb") == 0o600)
        let entries = try FileManager.default.contentsOfDirectory(atPath: w.path).filter { $0.contains("albo-backup") }
        #expect(entries.isEmpty, "\(entries)")
        // An existing non-empty DEST is refused, and left alone.
        #expect(try AlboBinary.run(["backup", "--store", w.store, dest]).code == 64)
        #expect(try AlboBinary.run(["verify", "--store", dest]).code == 0)
    }
}
