import AlboTestSupport
import Foundation
import Testing

/// `albo export payments` and `albo verify-bundle` through the real binary: files, exit codes, messages.
@Suite struct CLITests {
    private func setUp() throws -> (store: TempStore, dir: TempDirectory, key: String, vkey: String) {
        let store = try ExportTests.claimStore()
        var f = EventFactory()
        for _ in 0..<50 { _ = f.nextId() }
        try store.append([f.paidProtocol("conv-free", payment: false)])
        let dir = try TempDirectory()
        let key = try dir.file("sesto.key", TestKeys.pair.signerKey + "\n")
        let vkey = try dir.file("sesto.vkey", TestKeys.pair.verifierKey + "\n")
        return (store, dir, key, vkey)
    }

    private func export(_ s: (store: TempStore, dir: TempDirectory, key: String, vkey: String), _ out: String,
                        protocolId: String = "sesto-2022", from: String = "2023-01-01", to: String = "2023-06-30",
                        extra: [String] = []) throws -> Subprocess.Result {
        try albo(["export", "payments", "--store", s.store.path, "--protocol", protocolId, "--from", from, "--to", to,
                  "--out", out, "--key", s.key] + extra)
    }

    @Test func exportThenVerify_reRunsAreByteIdentical() throws {
        let s = try setUp()
        let first = try export(s, s.dir.path + "/one")
        #expect(first.code == 0, "\(first.stderr)")
        #expect(first.stdout.contains("2 eligible, 3 rejected, total €3,500.00"))
        // Later facts change today's claim; as of the first export's size it is re-issued unchanged.
        var f = EventFactory()
        for _ in 0..<90 { _ = f.nextId() }
        try s.store.append([f.caseOpened("C-LATE"), f.placement("C-LATE", confirmed: "2023-06-01")])
        let second = try export(s, s.dir.path + "/two", extra: ["--as-of", "14"])
        #expect(second.code == 0, "\(second.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: s.dir.path + "/one").sorted()
        #expect(names == ["checkpoint", "events.ndjson", "manifest.json", "payments.csv", "proofs.ndjson", "rejected.csv", "subjects.json", "summary.json"])
        for name in names {
            #expect(FileManager.default.contents(atPath: s.dir.path + "/one/" + name) == FileManager.default.contents(atPath: s.dir.path + "/two/" + name), "\(name)")
        }
        let verified = try albo(["verify-bundle", s.dir.path + "/one", "--vkey", s.vkey])
        #expect(verified.code == 0, "\(verified.stderr)")
        #expect(verified.stdout.hasSuffix("bundle OK: 11 events, 2 eligible, 3 rejected, total €3,500.00\n"))
        let json = try albo(["verify-bundle", s.dir.path + "/one", "--vkey", s.vkey, "--json"])
        #expect(json.stdout.hasPrefix(#"{"eligible":2,"events":11,"ok":true,"problems":[],"rejected":3,"#))
    }

    @Test func exportRefusals_haveTheContractsExitCodes() throws {
        let s = try setUp()
        let busy = s.dir.path + "/busy"
        try FileManager.default.createDirectory(atPath: busy, withIntermediateDirectories: false)
        _ = try s.dir.file("busy/notes.txt", "mine")
        let nonEmpty = try export(s, busy)
        #expect(nonEmpty.code == 64 && nonEmpty.stderr.contains("is not empty"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: busy) == ["notes.txt"])
        let unknown = try export(s, s.dir.path + "/a", protocolId: "nope")
        #expect(unknown.code == 66 && unknown.stderr.contains("no protocol \"nope\""))
        let free = try export(s, s.dir.path + "/b", protocolId: "conv-free")
        #expect(free.code == 65 && free.stderr.contains("no outcomePayment"))
        let backwards = try export(s, s.dir.path + "/c", from: "2023-06-30", to: "2023-01-01")
        #expect(backwards.code == 64 && backwards.stderr.contains("after --to"))
        let badAsOf = try export(s, s.dir.path + "/d", extra: ["--as-of", "yesterday"])
        #expect(badAsOf.code == 64)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: s.dir.path).filter { $0 != "busy" && !$0.hasPrefix("sesto.") }
        #expect(leftovers.isEmpty, "a refused export writes nothing: \(leftovers)")
    }
}
