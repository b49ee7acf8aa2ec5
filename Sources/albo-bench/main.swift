// albo-bench: in-process latencies that a CLI run would drown in process start-up.
// usage: albo-bench proofs|parse STORE [COUNT] | lines FILE.ndjson [COUNT] | profile FILE.ndjson [ROUNDS [tape|event]]
//        | unsealed STORE (creates an empty store that does not seal personal fields, as before sealing existed)
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
guard args.count >= 3, ["proofs", "parse", "lines", "profile", "unsealed"].contains(args[1]) else {
    FileHandle.standardError.write(Data("usage: albo-bench proofs|parse STORE [COUNT] | lines FILE.ndjson [COUNT] | unsealed STORE\n".utf8))
    exit(64)
}
if args[1] == "unsealed" {
    // What sealing costs is measured against the same events appended to a store like this.
    _ = try Ledger(path: args[2], create: true, exclusive: true)
    exit(0)
}
if args[1] == "parse" {
    // Per-record cost of reading the log back: the dictionary path against the tape.
    let ledger = try Ledger(path: args[2], mode: .readOnly)
    let n = UInt64(args.count > 3 ? Int(args[3]) ?? 100_000 : 100_000)
    var records: [[UInt8]] = []
    try ledger.reader.read { log in
        try log.forEachRecord(in: 0..<min(n, log.size)) { _, raw in records.append(Array(raw)) }
    }
    try ParseBench.records(records)
    exit(0)
}
if args[1] == "profile" {
    // One loop only, for perf: RecordReader.recordAndForm over records made from FILE's lines.
    let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: args[2])))
    let records = ParseBench.storedRecords(from: data.split(separator: 0x0A).prefix(50_000).map(Array.init))
    var reader = RecordReader()
    let rounds = args.count > 3 ? Int(args[3]) ?? 10 : 10
    var tape = JSONTape()
    var buffer: [UInt8] = []
    if args.count > 4 && args[4] == "event" {
        let lines = data.split(separator: 0x0A).prefix(50_000).map(Array.init)
        let sink = ViolationSink(line: 1)
        let ns = try ParseBench.measure(lines, rounds: rounds) { l in
            try l.withUnsafeBytes { raw in try Result { () throws(JSONSyntaxError) in try reader.event(raw, sink: sink) }.get()?.dataBytes.count ?? 0 }
        }
        print(String(format: "RecordReader.event %.0f ns/line", ns))
    } else if args.count > 4 && args[4] == "tape" {
        let ns = try ParseBench.measure(records, rounds: rounds) { r in
            try tape.parse(r)
            buffer.removeAll(keepingCapacity: true)
            CanonicalJSON.append(tape: tape, node: tape.root, to: &buffer)
            return buffer.count
        }
        print(String(format: "tape parse + canonical re-encode %.0f ns/record", ns))
    } else {
        let ns = try ParseBench.measure(records, rounds: rounds) { r in try r.withUnsafeBytes { try reader.recordAndForm($0).isCanonical ? 1 : 0 } }
        print(String(format: "recordAndForm %.0f ns/record", ns))
    }
    exit(0)
}
if args[1] == "lines" {
    let n = args.count > 3 ? Int(args[3]) ?? 100_000 : 100_000
    let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: args[2])))
    let lines = data.split(separator: 0x0A).prefix(n).map(Array.init)
    try ParseBench.lines(lines)
    try ParseBench.records(ParseBench.storedRecords(from: lines))
    exit(0)
}
let count = args.count > 3 ? Int(args[3]) ?? 10_000 : 10_000
do {
    let ledger = try Ledger(path: args[2], mode: .readOnly)
    var rng = SystemRandomNumberGenerator()
    try ledger.reader.read { log in
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
