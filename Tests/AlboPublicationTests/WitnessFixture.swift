import AlboTestSupport
import Foundation
import Testing

/// A running witness trusting one log, and that log's checkpoints and proofs at a few sizes.
struct WitnessFixture {
    let log: PublishedLog
    let witnessKey: String
    let state: String
    var witness: Background
    var url: String
    /// Signed checkpoints by size.
    var checkpoints: [Int: String] = [:]

    init(cases: Int = 15, sizes: [Int] = [2, 3, 5, 8, 13, 16]) throws {
        log = try PublishedLog(cases: cases)
        witnessKey = log.dir.path + "/witness.key"
        try expectOK(Subprocess.albo(["keygen", "--witness", "--name", "witness.test/w1", "--out", witnessKey]))
        state = log.dir.path + "/witness-state"
        (witness, url) = try Self.start(key: witnessKey, vkey: log.vkey, state: state, dir: log.dir)
        for size in sizes {
            let result = try Subprocess.albo(["checkpoint", "--store", log.store, "--key", log.key, "--size", String(size)])
            try expectOK(result)
            checkpoints[size] = result.stdout
        }
    }

    static func start(key: String, vkey: String, state: String, dir: TempDirectory) throws -> (Background, String) {
        let witness = try Background(Paths.albo, ["witness", "serve", "--key", key, "--log", vkey, "--state", state, "--listen", "127.0.0.1:0"],
                                     outputIn: dir.path, ready: "listening on 127.0.0.1:")
        guard let port = witness.number(after: "listening on 127.0.0.1:") else { throw BackgroundFailure(message: witness.output) }
        return (witness, "http://127.0.0.1:\(port)")
    }

    mutating func restart() throws {
        (witness, url) = try Self.start(key: witnessKey, vkey: log.vkey, state: state, dir: log.dir)
    }

    /// The base64 consistency proof from `a` to `b`, from `albo prove`.
    func proof(_ a: Int, _ b: Int) throws -> [String] {
        let result = try Subprocess.albo(["prove", "--store", log.store, "--consistency", String(a), String(b), "--json"])
        try expectOK(result)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return ((object?["hashes"] as? [String]) ?? []).map { hex in
            Data(stride(from: 0, to: hex.count, by: 2).map { i -> UInt8 in
                let start = hex.index(hex.startIndex, offsetBy: i)
                return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16) ?? 0
            }).base64EncodedString()
        }
    }

    /// A request body.
    static func body(old: Int, proof: [String], note: String) -> String {
        "old \(old)\n" + proof.map { $0 + "\n" }.joined() + "\n" + note
    }

    /// POSTs `body` to the witness; returns status, content type and body (through curl, not Albo's client).
    func post(_ body: String) throws -> (status: Int, contentType: String, body: String) {
        let file = log.dir.path + "/req-\(UInt32.random(in: .min ... .max))"
        try Data(body.utf8).write(to: URL(fileURLWithPath: file))
        let result = try Subprocess.run("/usr/bin/env", ["curl", "-s", "-S", "-o", "-", "-w", "\n%{http_code} %{content_type}", "--data-binary", "@" + file,
                                                         url + "/add-checkpoint"])
        guard let last = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).last else { return (0, "", result.stderr) }
        let parts = last.split(separator: " ", maxSplits: 1)
        let text = String(result.stdout.dropLast(last.count + 1))
        return (Int(parts.first ?? "") ?? 0, parts.count > 1 ? String(parts[1]) : "", text)
    }

    /// The fixture file for Tools/witness_race.py: every checkpoint and every proof between two sizes.
    func raceFixture() throws -> String {
        var proofs: [String: [String]] = [:]
        let sizes = checkpoints.keys.sorted()
        for (i, a) in sizes.enumerated() { for b in sizes[(i + 1)...] { proofs["\(a)-\(b)"] = try proof(a, b) } }
        let object: [String: Any] = ["checkpoints": Dictionary(uniqueKeysWithValues: checkpoints.map { (String($0.key), $0.value) }), "proofs": proofs]
        let path = log.dir.path + "/race.json"
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        return path
    }
}
