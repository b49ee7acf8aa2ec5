import AlboTestSupport
import Foundation
import Testing

/// Issue 9, row 6: odd inputs and arguments get a clear message and their class's exit code,
/// never a crash, and a message never echoes more than a short prefix of a bad value.
@Suite("odd inputs and arguments, through the real binary")
struct InputRobustnessTests {
    /// A run that ended by a signal (a Swift trap is SIGILL/SIGTRAP) or with a fatal error.
    private func crashed(_ r: Subprocess.Result) -> Bool {
        r.code > 128 || r.code == 132 || r.code == 133 || r.stderr.contains("Fatal error")
    }

    @Test("append of a directory or an unreadable special file is 66 with a message, not a trap")
    func append_directoryAndSpecialFile() throws {
        let w = try TempDirectory()
        let dir = try AlboBinary.run(["append", "--store", w.store, w.path])
        #expect(!crashed(dir), "\(dir.code) \(dir.stderr)")
        #expect(dir.code == 66 && dir.stderr.contains("is a directory"), "\(dir.code) \(dir.stderr)")
        let mem = try AlboBinary.run(["append", "--store", w.store, "/proc/self/mem"])
        #expect(!crashed(mem), "\(mem.code) \(mem.stderr)")
        #expect(mem.code == 66 && mem.stderr.contains("cannot read /proc/self/mem"), "\(mem.code) \(mem.stderr)")
        let stdinDir = try Subprocess.run("/bin/sh", ["-c", "exec '\(Paths.albo)' append --store '\(w.store)' - < '\(w.path)'"])
        #expect(!crashed(stdinDir), "\(stdinDir.code) \(stdinDir.stderr)")
        #expect(stdinDir.code == 66 && stdinDir.stderr.contains("cannot read standard input"), "\(stdinDir.code) \(stdinDir.stderr)")
    }

    @Test("init under a missing parent is 66, onto an existing file 64, each saying why")
    func init_badPlaces() throws {
        let w = try TempDirectory()
        let orphan = try AlboBinary.run(["init", "--store", w.path + "/no/such/parent/store"])
        #expect(orphan.code == 66 && orphan.stderr.contains("does not exist"), "\(orphan.code) \(orphan.stderr)")
        let file = try w.file("plain-file", "x")
        let onFile = try AlboBinary.run(["init", "--store", file])
        #expect(onFile.code == 64 && onFile.stderr.contains("not a directory"), "\(onFile.code) \(onFile.stderr)")
        // append creates a missing store, and says the same about such places.
        let appendOrphan = try AlboBinary.run(["append", "--store", w.path + "/no/parent", "-"], stdin: Sample.protocolLine)
        #expect(appendOrphan.code == 66 && appendOrphan.stderr.contains("does not exist"), "\(appendOrphan.code) \(appendOrphan.stderr)")
    }

    @Test("impossible --as-of timestamps are usage errors (64); real ones, leap days included, work")
    func asOf_strictCalendar() throws {
        let w = try TempDirectory()
        #expect(try AlboBinary.run(["append", "--store", w.store, "-"], stdin: Sample.protocolLine).code == 0)
        for bad in ["2023-02-30T00:00:00.000Z", "2023-01-01T25:00:00Z", "2023-02-29T00:00:00Z", "2023-13-01T00:00:00Z",
                    "2023-04-31T00:00:00Z", "2023-01-01T23:60:00Z", "2023-01-01T23:59:60.000Z"] {
            let r = try AlboBinary.run(["query", "protocols", "--store", w.store, "--as-of", bad])
            #expect(r.code == 64, "--as-of \(bad): exit \(r.code) \(r.stderr)")
        }
        for good in ["2024-02-29T12:00:00Z", "2023-12-31T23:59:59.999Z", "2000-02-29T00:00:00.000Z"] {
            let r = try AlboBinary.run(["query", "protocols", "--store", w.store, "--as-of", good])
            #expect(r.code == 0, "--as-of \(good): exit \(r.code) \(r.stderr)")
        }
    }

    @Test("a huge bad value is quoted by a short prefix only")
    func append_hugeBadValueIsNotEchoed() throws {
        let w = try TempDirectory()
        let huge = String(repeating: "x", count: 2_000_000)
        let line = #"{"id":"\#(huge)","type":"CaseOpened","recordedBy":"\#(huge)","data":{"\#(huge)":1}}"#
        let file = try w.file("huge.ndjson", line + "\n")
        let r = try AlboBinary.run(["append", "--store", w.store, file, "--json"])
        #expect(r.code == 65)
        #expect(r.stderr.utf8.count + r.stdout.utf8.count < 16_000, "echoed \(r.stderr.utf8.count) + \(r.stdout.utf8.count) bytes")
        #expect(r.stderr.contains("xxxx…"), "\(r.stderr.prefix(2000))")
        // One argument may hold at most 128 KiB (MAX_ARG_STRLEN).
        let asOf = try AlboBinary.run(["query", "protocols", "--store", w.store, "--as-of", String(repeating: "9x", count: 50_000)])
        #expect(asOf.code == 64 && asOf.stderr.utf8.count < 2_000)
        // Every message is capped, whatever argument it quotes.
        let long = String(repeating: "z", count: 100_000)
        for args in [["show", long], ["history", long], ["query", "case", long], ["rebuild", long]] {
            let r = try AlboBinary.run(args + ["--store", w.store])
            #expect(r.code != 0 && r.stderr.utf8.count < 2_000, "\(args[0]): \(r.code), \(r.stderr.utf8.count) bytes")
        }
    }

    @Test("keygen leaves no private key behind when the .pub cannot be written, and caps the name")
    func keygen_allOrNothing() throws {
        let w = try TempDirectory()
        // A 252-byte file name is allowed; with ".pub" it is one byte past NAME_MAX.
        let key = w.path + "/" + String(repeating: "k", count: 252)
        let r = try AlboBinary.run(["keygen", "--name", "trecate.example/albo", "--out", key])
        #expect(r.code != 0 && !crashed(r), "\(r.code) \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: key), "the private key was left behind")
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.path).isEmpty, "temporary files were left behind")

        let longName = String(repeating: "n", count: 100_000)
        let long = try AlboBinary.run(["keygen", "--name", longName, "--out", w.path + "/long.key"])
        #expect(long.code == 64 && long.stderr.utf8.count < 2_000, "\(long.code) \(long.stderr.prefix(500))")
        #expect(!FileManager.default.fileExists(atPath: w.path + "/long.key"))
        let at256 = try AlboBinary.run(["keygen", "--name", String(repeating: "n", count: 256), "--out", w.path + "/ok.key"])
        #expect(at256.code == 0, "\(at256.stderr)")
        #expect(try AlboBinary.run(["keygen", "--name", String(repeating: "n", count: 257), "--out", w.path + "/no.key"]).code == 64)
        #expect(try AlboBinary.run(["keygen", "--help"]).stdout.contains("256"))
    }

    @Test("a result that cannot be written (stdout on a full device) is exit 70 with a message, not a trap")
    func output_fullDevice() throws {
        let w = try TempDirectory()
        #expect(try AlboBinary.run(["append", "--store", w.store, "-"], stdin: Sample.protocolLine).code == 0)
        let r = try Subprocess.run("/bin/sh", ["-c", "exec '\(Paths.albo)' show --store '\(w.store)' 0 >/dev/full"])
        #expect(!crashed(r), "\(r.code) \(r.stderr)")
        #expect(r.code == 70 && r.stderr.contains("cannot write the result"), "\(r.code) \(r.stderr)")
    }

    @Test("an empty and a non-UTF-8 checkpoint file are both 65: not a checkpoint")
    func verify_notACheckpoint() throws {
        let w = try TempDirectory()
        #expect(try AlboBinary.run(["append", "--store", w.store, "-"], stdin: Sample.protocolLine).code == 0)
        let key = w.path + "/k"
        #expect(try AlboBinary.run(["keygen", "--name", "trecate.example/albo", "--out", key]).code == 0)
        let empty = try w.file("empty", "")
        let binary = w.path + "/binary"
        try Data([0xff, 0xfe, 0x00, 0x80, 0x0a]).write(to: URL(fileURLWithPath: binary))
        for cp in [empty, binary] {
            let r = try AlboBinary.run(["verify", "--store", w.store, "--checkpoint", cp, "--vkey", key + ".pub"])
            #expect(r.code == 65 && r.stderr.contains("not a checkpoint"), "\(cp): \(r.code) \(r.stderr)")
        }
        #expect(try AlboBinary.run(["verify", "--store", w.store, "--checkpoint", w.path + "/none", "--vkey", key + ".pub"]).code == 66)
    }
}
