// albo-bench: in-process latencies that a CLI run would drown in process start-up.
// usage: albo-bench proofs STORE [COUNT]
import AlboDomain
import AlboLog
import Foundation
import Transparency

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func report(_ label: String, _ samples: [UInt64]) {
    let sorted = samples.sorted()
    let mean = Double(samples.reduce(0, +)) / Double(max(1, samples.count)) / 1000
    let p50 = Double(sorted[sorted.count / 2]) / 1000
    let p99 = Double(sorted[min(sorted.count - 1, sorted.count * 99 / 100)]) / 1000
    print(String(format: "%@: %d runs, mean %.1f µs, p50 %.1f µs, p99 %.1f µs", label, samples.count, mean, p50, p99))
}

let args = CommandLine.arguments
guard args.count >= 3, args[1] == "proofs" || args[1] == "parse" else {
    FileHandle.standardError.write(Data("usage: albo-bench proofs|parse STORE [COUNT]\n".utf8))
    exit(64)
}
if args[1] == "parse" {
    // Per-record cost of reading the log back: JSON parse, then payload decode, then re-encoding.
    let ledger = try Ledger(path: args[2], mode: .readOnly)
    let n = UInt64(args.count > 3 ? Int(args[3]) ?? 100_000 : 100_000)
    var records: [[UInt8]] = []
    try ledger.read { log in
        try log.forEachRecord(in: 0..<min(n, log.size)) { _, raw in records.append(Array(raw)) }
    }
    var t = now()
    var values: [JSONValue] = []
    for r in records { values.append(try JSONParser.parse(r)) }
    let parse = now() - t
    t = now()
    for r in records { _ = try StoredRecord.parse(r) }
    let full = now() - t
    t = now()
    var bytes = 0
    for v in values { bytes += CanonicalJSON.encode(v).count }
    let encode = now() - t
    let k = Double(records.count)
    print(String(format: "%d records: JSON parse %.2f µs, StoredRecord.parse (parse + payload) %.2f µs, canonical encode %.2f µs per record",
                 records.count, Double(parse) / k / 1000, Double(full) / k / 1000, Double(encode) / k / 1000))
    exit(0)
}
let count = args.count > 3 ? Int(args[3]) ?? 10_000 : 10_000
do {
    let ledger = try Ledger(path: args[2], mode: .readOnly)
    var rng = SystemRandomNumberGenerator()
    try ledger.read { log in
        let size = log.size
        guard size > 1 else { print("store too small"); return }
        print("tree size \(size)")
        var inclusion: [UInt64] = []
        var consistency: [UInt64] = []
        var root: [UInt64] = []
        for _ in 0..<count {
            let seq = UInt64.random(in: 0..<size, using: &rng)
            var t = now()
            let p = try log.inclusionProof(seq: seq, size: size)
            inclusion.append(now() - t)
            try MerkleTree.verifyInclusion(index: Int64(seq), size: Int64(size), leafHash: p.leafHash, proof: p.hashes, root: p.rootHash)
            let old = UInt64.random(in: 1...size, using: &rng)
            t = now()
            _ = try log.consistencyProof(from: old, to: size)
            consistency.append(now() - t)
            t = now()
            _ = try log.rootHash(size: UInt64.random(in: 1...size, using: &rng))
            root.append(now() - t)
        }
        report("inclusion proof (with root)", inclusion)
        report("consistency proof (with both roots)", consistency)
        report("root of a past tree size", root)
    }
} catch {
    FileHandle.standardError.write(Data("albo-bench: \(error)\n".utf8))
    exit(70)
}
