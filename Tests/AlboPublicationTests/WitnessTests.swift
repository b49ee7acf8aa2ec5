import AlboTestSupport
import Foundation
import Testing

/// `albo witness serve` through HTTP (curl and Python clients), every status code of C2SP tlog-witness.
@Suite("Witness")
struct WitnessTests {
    @Test("200 cosigns (verified by Python cryptography), then 409 with text/x.tlog.size, 422, 404, 403, 400, 413")
    func statusCodes() throws {
        let f = try WitnessFixture()
        defer { f.witness.stop() }
        let first = try f.post(WitnessFixture.body(old: 0, proof: [], note: f.checkpoints[5] ?? ""))
        #expect(first.status == 200, "\(first)")
        let cosigned = f.log.dir.path + "/cosigned"
        try Data(((f.checkpoints[5] ?? "") + first.body).utf8).write(to: URL(fileURLWithPath: cosigned))
        let python = try Subprocess.python([Paths.tool("cosignature_check.py"), cosigned, f.witnessKey + ".pub"])
        #expect(python.code == 0, "\(python.stderr)")

        // The old size is not the witness's: 409 with its size.
        let stale = try f.post(WitnessFixture.body(old: 0, proof: [], note: f.checkpoints[8] ?? ""))
        #expect(stale.status == 409 && stale.body == "5\n" && stale.contentType == "text/x.tlog.size", "\(stale)")

        // A forged proof: one hash altered.
        var forged = try f.proof(5, 8)
        forged[0] = Data(repeating: 7, count: 32).base64EncodedString()
        let badProof = try f.post(WitnessFixture.body(old: 5, proof: forged, note: f.checkpoints[8] ?? ""))
        #expect(badProof.status == 422, "\(badProof)")

        // The right proof advances it.
        let good = try f.post(WitnessFixture.body(old: 5, proof: try f.proof(5, 8), note: f.checkpoints[8] ?? ""))
        #expect(good.status == 200, "\(good)")

        // Going backwards is a bad request.
        let backwards = try f.post(WitnessFixture.body(old: 8, proof: [], note: f.checkpoints[5] ?? ""))
        #expect(backwards.status == 400, "\(backwards)")

        // A fork: same origin, same key, same size 8, another tree.
        let fork = try PublishedLog(cases: 7, seed: 3, dir: f.log.dir, key: f.log.key)
        let forkNote = try Subprocess.albo(["checkpoint", "--store", fork.store, "--key", f.log.key]).stdout
        let forkAnswer = try f.post(WitnessFixture.body(old: 8, proof: [], note: forkNote))
        #expect(forkAnswer.status == 409 && forkAnswer.body == "8\n", "\(forkAnswer)")

        // An unknown log: another origin.
        let stranger = try PublishedLog(origin: "stranger.example/log", cases: 2, seed: 4, dir: f.log.dir)
        let strangerNote = try Subprocess.albo(["checkpoint", "--store", stranger.store, "--key", stranger.key]).stdout
        #expect(try f.post(WitnessFixture.body(old: 0, proof: [], note: strangerNote)).status == 404)

        // The right origin signed by another key of the same name: 403; so is an altered signature.
        let impostorKey = f.log.dir.path + "/impostor.key"
        try expectOK(Subprocess.albo(["keygen", "--name", f.log.origin, "--out", impostorKey]))
        let impostorNote = try Subprocess.albo(["checkpoint", "--store", f.log.store, "--key", impostorKey]).stdout
        #expect(try f.post(WitnessFixture.body(old: 8, proof: [], note: impostorNote)).status == 403)
        var altered = Array((f.checkpoints[8] ?? "").utf8)
        altered[altered.count - 5] = altered[altered.count - 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(try f.post(WitnessFixture.body(old: 8, proof: [], note: String(decoding: altered, as: UTF8.self))).status == 403)

        #expect(try f.post("not a request").status == 400)
        #expect(try f.post(String(repeating: "x", count: 70_000)).status == 413)
        // After all that, the witness still stands at 8.
        #expect(try f.post(WitnessFixture.body(old: 0, proof: [], note: f.checkpoints[16] ?? "")).body == "8\n")
    }

    @Test("1,000 requests from 4 concurrent clients leave one chain of cosigned checkpoints, never rolled back")
    func concurrentClients() throws {
        let f = try WitnessFixture()
        defer { f.witness.stop() }
        let fixture = try f.raceFixture()
        let result = try Subprocess.python([Paths.tool("witness_race.py"), "race", f.url, fixture, "4", "1000"])
        #expect(result.code == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(#""requests": 1000"#) && result.stdout.contains(#""final": 16"#), "\(result.stdout)")
    }

    @Test("kill -9 mid-request loses no cosigned state")
    func killNine() throws {
        var f = try WitnessFixture(cases: 63, sizes: [2, 4, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64])
        let fixture = try f.raceFixture()
        let hammer = try Background(Paths.python, [Paths.tool("witness_race.py"), "hammer", f.url, fixture],
                                    outputIn: f.log.dir.path, ready: "200 ")
        // Let it cosign a few, then kill the witness while requests are in flight.
        for _ in 0..<100 where hammer.output.components(separatedBy: "200 ").count < 4 { usleep(20_000) }
        f.witness.kill()
        hammer.process.waitUntilExit()
        let acknowledged = hammer.output.split(separator: "\n").compactMap { $0.hasPrefix("200 ") ? Int($0.dropFirst(4)) : nil }
        #expect(!acknowledged.isEmpty)
        try f.restart()
        defer { f.witness.stop() }
        let size = try Subprocess.python([Paths.tool("witness_race.py"), "size", f.url, fixture])
        let kept = Int(size.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        #expect(kept >= (acknowledged.max() ?? 0), "acknowledged \(acknowledged), the restarted witness is at \(kept)")
    }
}
