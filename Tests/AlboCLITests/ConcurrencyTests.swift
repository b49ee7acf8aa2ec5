import AlboTestSupport
import Foundation
import Testing

/// Several `albo` processes on one store: LMDB's single writer serialises the batches.
@Suite("Concurrent processes on one store")
struct ConcurrencyTests {
    private func batch(_ writer: Int, cases: Int) -> String {
        (0..<cases).map { i in
            let n = writer * 100_000 + i
            let id = String(format: "4f0e8c1a-5b7d-4c2e-9a61-%012d", n)
            return #"{"id":"\#(id)","type":"CaseOpened","recordedBy":"op-\#(writer)","data":{"caseId":"W\#(writer)-\#(i)","person":"P-\#(n)","protocolId":"conv-trecate-2022","desk":"Trecate","targetGroup":"other","openedOn":"2023-01-02"}}"#
        }.joined(separator: "\n")
    }

    @Test("four writers at once: every batch lands whole, seqs stay gapless, the store verifies")
    func concurrentAppends() throws {
        let w = try TempDirectory()
        #expect(try AlboBinary.run(["append", "--store", w.store, "-"], stdin: Sample.protocolLine).code == 0)
        let files = try (1...4).map { try w.file("w\($0).ndjson", batch($0, cases: 2_000)) }
        let codes = CodeBox()
        let store = w.store
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let code = (try? AlboBinary.run(["append", "--store", store, files[i]]).code) ?? -1
            codes.add(code)
        }
        #expect(codes.all == [0, 0, 0, 0])
        let verify = try AlboBinary.run(["verify", "--store", w.store, "--json"])
        #expect(verify.code == 0 && verify.stdout.contains(#""treeSize":8001"#))
        // Each writer's batch is contiguous: one transaction, one recordedAt.
        for writer in 1...4 {
            let first = try AlboBinary.run(["show", "--store", w.store, String(format: "4f0e8c1a-5b7d-4c2e-9a61-%012d", writer * 100_000)]).stdout
            let last = try AlboBinary.run(["show", "--store", w.store, String(format: "4f0e8c1a-5b7d-4c2e-9a61-%012d", writer * 100_000 + 1_999)]).stdout
            func field(_ s: String, _ name: String) -> Substring? {
                guard let r = s.range(of: "\"\(name)\":") else { return nil }
                return s[r.upperBound...].prefix { $0 != "," && $0 != "}" }
            }
            let firstSeq = Int(field(first, "seq") ?? "") ?? -1, lastSeq = Int(field(last, "seq") ?? "") ?? -1
            #expect(lastSeq - firstSeq == 1_999)
            #expect(field(first, "recordedAt") == field(last, "recordedAt"))
        }
    }

    @Test("a hot backup taken while another process appends is a consistent store")
    func backupWhileAppending() throws {
        let w = try TempDirectory()
        try AlboBinary.run(["append", "--store", w.store, "-"], stdin: Sample.protocolLine)
        let big = try w.file("big.ndjson", batch(9, cases: 20_000))
        let appendCode = CodeBox()
        let group = DispatchGroup()
        let store = w.store
        group.enter()
        DispatchQueue.global().async {
            appendCode.add((try? AlboBinary.run(["append", "--store", store, big]).code) ?? -1)
            group.leave()
        }
        let backup = try AlboBinary.run(["backup", "--store", w.store, w.path + "/copy"])
        group.wait()
        #expect(backup.code == 0 && appendCode.all == [0])
        let copy = try AlboBinary.run(["verify", "--store", w.path + "/copy", "--json"])
        #expect(copy.code == 0)
        // The copy holds either the store before the batch or after it: never part of it.
        let size = (try JSONSerialization.jsonObject(with: Data(copy.stdout.utf8)) as? [String: Any])?["treeSize"] as? Int
        #expect(size == 1 || size == 20_001)
    }
}

/// Exit codes collected from several threads.
final class CodeBox: @unchecked Sendable {
    private var codes: [Int32] = []
    private let lock = NSLock()
    func add(_ c: Int32) { lock.lock(); codes.append(c); lock.unlock() }
    var all: [Int32] { lock.lock(); defer { lock.unlock() }; return codes }
}

/// Long work shows progress on a terminal, and never in piped output.
@Suite("Progress lines")
struct ProgressTests {
    @Test("append prints a progress line under a terminal and none when stderr is a pipe")
    func append_progressOnlyOnATerminal() throws {
        let w = try TempDirectory()
        let lines = [Sample.protocolLine] + (1...20_000).map { Sample.caseLine($0) }
        let file = try w.file("big.ndjson", lines.joined(separator: "\n"))
        // `script` runs the command under a pseudo-terminal and copies what it shows.
        let tty = try Subprocess.run("/usr/bin/script", ["-qec", "'\(Paths.albo)' append --store '\(w.path)/tty' '\(file)'", "/dev/null"])
        #expect(tty.code == 0)
        #expect(tty.stdout.contains("append: 8192 lines") && tty.stdout.contains("append: 20001 lines"), "no progress line on a terminal: \(tty.stdout.suffix(300))")
        let piped = try AlboBinary.run(["append", "--store", w.path + "/piped", file])
        #expect(piped.code == 0 && !piped.stderr.contains("append:"))
    }
}
