import AlboTestSupport
import Foundation
import Testing

/// Readers never wait and never crash; auditors work on stores they cannot write.
@Suite("Readers: concurrency and read-only stores")
struct ReadersTests {
    private func batch(_ tag: Int, cases: Int) -> String {
        (0..<cases).map { i in
            let n = tag * 1_000_000 + i
            let id = String(format: "5f0e8c1a-5b7d-4c2e-9a61-%012d", n)
            return #"{"id":"\#(id)","type":"CaseOpened","recordedBy":"op-\#(tag)","data":{"caseId":"R\#(tag)-\#(i)","person":"P-\#(n)","protocolId":"conv-trecate-2022","desk":"Trecate","targetGroup":"other","referredBy":"CPI Novara","openedOn":"2023-01-02"}}"#
        }.joined(separator: "\n")
    }

    /// Runs `albo` as the unprivileged user `nobody` (the tests run as root, whom no
    /// permission stops).
    private func asNobody(_ args: [String]) throws -> Subprocess.Result {
        try Subprocess.run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", Paths.albo] + args)
    }

    @Test("verify while other processes append and grow the map never crashes (map resizes wait for live readers)")
    func verify_duringAppendsThatGrowTheMap() throws {
        let w = try TempDirectory()
        // A 1 MiB map grows many times during these appends; every verify adopts the new size.
        // The appends write through the map (MDB_WRITEMAP), as big batches do: a second
        // WRITEMAP opener once truncated the file under them (SIGBUS).
        let env = ["ALBO_MAP_SIZE": String(1 << 20), "ALBO_WRITEMAP_MIN_BYTES": "0"]
        #expect(try AlboBinary.run(["append", "--store", w.store, "-"], stdin: Sample.protocolLine, environment: env).code == 0)
        let files = try (1...6).map { try w.file("b\($0).ndjson", batch($0, cases: 3_000)) }
        let appends = CodeBox(), verifies = CodeBox()
        let store = w.store
        let done = DispatchGroup()
        done.enter()
        DispatchQueue.global().async {
            for f in files { appends.add((try? AlboBinary.run(["append", "--store", store, f], environment: env).code) ?? -1) }
            done.leave()
        }
        while done.wait(timeout: .now()) == .timedOut {
            verifies.add((try? AlboBinary.run(["verify", "--store", store], environment: env).code) ?? -1)
        }
        #expect(appends.all == Array(repeating: 0, count: files.count))
        #expect(!verifies.all.isEmpty && verifies.all.allSatisfy { $0 == 0 }, "verify exits: \(verifies.all)")
        #expect(try AlboBinary.run(["verify", "--store", store, "--json"]).stdout.contains(#""treeSize":18001"#))
    }

    @Test("show, history, prove and a query answer while a long append holds the writer, without waiting for it")
    func readers_doNotWaitForAnAppend() throws {
        let w = try TempDirectory()
        #expect(try AlboBinary.run(["append", "--store", w.store, "-"], stdin: Sample.protocolLine + "\n" + Sample.caseLine(1)).code == 0)
        #expect(try AlboBinary.run(["query", "case", "TRE-1", "--store", w.store]).code == 0)
        let big = try w.file("big.ndjson", batch(7, cases: 60_000))
        let store = w.store
        let append = Process()
        append.executableURL = URL(fileURLWithPath: Paths.albo)
        append.arguments = ["append", "--store", store, big]
        append.standardOutput = FileHandle.nullDevice
        append.standardError = FileHandle.nullDevice
        try append.run()
        // Wait until the append holds the store's writer lock (an advisory flock on its directory).
        while append.isRunning, !Self.writerIsBusy(store) { usleep(20_000) }
        #expect(append.isRunning, "the append ended before the readers ran: make the batch larger")
        let show = try AlboBinary.run(["show", "--store", store, "1"])
        let history = try AlboBinary.run(["history", "--store", store, "case:TRE-1"])
        let prove = try AlboBinary.run(["prove", "--store", store, "1"])
        let query = try AlboBinary.run(["query", "case", "TRE-1", "--store", store, "--json"])
        let stillRunning = append.isRunning
        append.waitUntilExit()
        #expect(stillRunning, "the readers waited for the append to finish")
        #expect(append.terminationStatus == 0)
        #expect(show.code == 0 && show.stdout.contains(#""caseId":"TRE-1""#))
        #expect(history.code == 0 && prove.code == 0)
        #expect(query.code == 0 && query.stdout.contains(#""caseId":"TRE-1""#))
    }

    /// Whether another process holds the store's writer lock.
    static func writerIsBusy(_ store: String) -> Bool {
        let fd = open(store, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return true }
        flock(fd, LOCK_UN)
        return false
    }

    @Test("every read command works on a store the user may read but not write; a store they cannot read is a permission error")
    func readOnlyStore_readCommandsWork() throws {
        let w = try TempDirectory()
        chmod(w.path, 0o755)
        #expect(try AlboBinary.run(["append", "--store", w.store, "-"], stdin: Sample.protocolLine + "\n" + Sample.caseLine(1) + "\n" + Sample.caseLine(2)).code == 0)
        #expect(try AlboBinary.run(["keygen", "--name", "audit.example/key", "--out", w.path + "/audit.key"]).code == 0)
        #expect(try AlboBinary.run(["query", "case", "TRE-1", "--store", w.store]).code == 0)
        let expectedCase = try AlboBinary.run(["query", "case", "TRE-2", "--store", w.store, "--json"]).stdout
        #expect(try AlboBinary.run(["append", "--store", w.store, "-"], stdin: Sample.caseLine(3)).code == 0)
        // Owned by root, readable by everyone (its sealing keys too), writable by no one else: an auditor's copy.
        chmod(w.store, 0o755)
        for f in ["data.mdb", "lock.mdb", "subjects.keyslots"] { chmod(w.store + "/" + f, 0o644) }
        chmod(w.path + "/audit.key", 0o644)
        let out = w.path + "/out"
        mkdir(out, 0o777)
        chmod(out, 0o777)

        let show = try asNobody(["show", "--store", w.store, "1"])
        #expect(show.code == 0 && show.stdout.contains(#""caseId":"TRE-1""#), "\(show.stderr)")
        #expect(try asNobody(["history", "--store", w.store, "case:TRE-2"]).code == 0)
        #expect(try asNobody(["prove", "--store", w.store, "1", "--json"]).code == 0)
        #expect(try asNobody(["prove", "--store", w.store, "--consistency", "2"]).code == 0)
        let verify = try asNobody(["verify", "--store", w.store, "--json"])
        #expect(verify.code == 0 && verify.stdout.contains(#""treeSize":4"#), "\(verify.stderr)")
        #expect(try asNobody(["checkpoint", "--store", w.store, "--key", w.path + "/audit.key"]).code == 0)
        #expect(try asNobody(["backup", "--store", w.store, out + "/copy"]).code == 0)
        // The projections were applied up to size 3 and cannot catch up: the query says so.
        let query = try asNobody(["query", "case", "TRE-2", "--store", w.store, "--json"])
        #expect(query.code == 0 && query.stdout == expectedCase)
        #expect(query.stderr.contains("read-only") && query.stderr.contains("tree size 3"))
        // Writing is refused clearly.
        let append = try asNobody(["append", "--store", w.store, "-"])
        #expect(append.code == 66 && append.stderr.contains("read-only"))
        // A store this user cannot read at all: not "no store".
        chmod(w.store, 0o700)
        let denied = try asNobody(["show", "--store", w.store, "1"])
        #expect(denied.code == 66 && denied.stderr.contains("permission denied") && !denied.stderr.contains("no store"))
    }

    @Test("a user who may read the log but not the sealing keys gets a permission error (66) from every command that opens personal fields, never sealed values as data")
    func keysUnreadable_isPermissionError() throws {
        let w = try TempDirectory()
        chmod(w.path, 0o755)
        #expect(try AlboBinary.run(["append", "--store", w.store, "-"], stdin: Sample.protocolLine + "\n" + Sample.caseLine(1, person: "P-OWNER-ONLY")).code == 0)
        #expect(try AlboBinary.run(["query", "case", "TRE-1", "--store", w.store]).code == 0)
        chmod(w.store, 0o755)
        for f in ["data.mdb", "lock.mdb"] { chmod(w.store + "/" + f, 0o644) }  // subjects.keyslots stays 0600
        let out = w.path + "/out"
        mkdir(out, 0o777)
        chmod(out, 0o777)

        for args in [["show", "1"], ["query", "case", "TRE-1", "--json"], ["query", "cases"], ["history", "case:TRE-1", "--json"], ["backup", out + "/copy"]] {
            let r = try asNobody(args + ["--store", w.store])
            #expect(r.code == 66 && r.stderr.contains("permission denied"), "\(args): \(r.code) \(r.stderr)")
            #expect(!r.stdout.contains("sealed:v1:") && !r.stdout.contains("erased"), "\(args): \(r.stdout)")
        }
        #expect(!FileManager.default.fileExists(atPath: out + "/copy"))
        // What needs no key still works: the sealed bytes, proofs.
        let sealed = try asNobody(["show", "--sealed", "1", "--store", w.store])
        #expect(sealed.code == 0 && sealed.stdout.contains("sealed:v1:"))
        // The owner still reads everything.
        #expect(try AlboBinary.run(["show", "--store", w.store, "1"]).stdout.contains("P-OWNER-ONLY"))
    }
}
