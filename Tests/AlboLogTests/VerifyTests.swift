import AlboTestSupport
import AlboDomain
@testable import AlboLog
import Crypto
import Foundation
import LMDB
import Testing
import Transparency

/// A store of `cases` cases with placements, closes and voids: every event type but hires.
private func populatedStore(cases: Int = 60) throws -> (TempStore, AppendSummary) {
    let store = try TempStore(origin: "test.example/albo")
    var f = EventFactory()
    var lines = [f.protocolSigned("conv-1")]
    for i in 0..<cases {
        lines.append(f.caseOpened("C-\(i)", protocolId: "conv-1", person: "P-\(i % 40)"))
        let pid = "00000000-0000-4000-9000-\(String(format: "%012d", i))"
        lines.append(f.placement("C-\(i)", id: pid))
        if i % 3 == 0 { lines.append(f.closed("C-\(i)")) }
        if i % 7 == 0 { lines.append(f.voided(pid)) }
    }
    let summary = try store.append(lines)
    return (store, summary)
}

/// RFC 9162 MTH computed straight from the definition, independent of the stored tree.
private func referenceRoot(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
    func sha(_ b: [UInt8]) -> [UInt8] { var h = SHA256(); h.update(data: b); return Array(h.finalize()) }
    if leaves.isEmpty { return sha([]) }
    if leaves.count == 1 { return sha([0] + leaves.first!) }
    var k = 1
    while k * 2 < leaves.count { k *= 2 }
    let mid = leaves.startIndex + k
    return sha([1] + referenceRoot(leaves[leaves.startIndex..<mid]) + referenceRoot(leaves[mid...]))
}

private func mutate(_ store: TempStore, _ database: String, key: [UInt8], _ change: (inout [UInt8]) -> Void) throws {
    try store.ledger.env.write { txn in
        let db = try txn.open(database, create: false)
        guard var value = try txn.get(db, key) else { throw LogError(.corrupt, "no such key in \(database)") }
        change(&value)
        try txn.put(db, key, value)
    }
}

@Suite("Verification of the stored log")
struct VerifyTests {
    @Test("an untouched store verifies, and its root is RFC 9162's MTH of the stored records")
    func verify_cleanStore() throws {
        let (store, summary) = try populatedStore()
        let report = try store.ledger.verify()
        #expect(report.ok, "\(report.problems)")
        #expect(report.treeSize == summary.treeSize && report.rootHash == summary.rootHash)
        let records = try store.ledger.env.read { txn in try (0..<summary.treeSize).map { Array(try store.ledger.recordBytes(txn, seq: $0)!) } }
        #expect(referenceRoot(records[...]) == summary.rootHash.bytes)
    }

    @Test("verification in many small chunks across workers gives the same root and names a tampered seq in a later chunk")
    func verify_acrossChunks() throws {
        let (store, summary) = try populatedStore()
        for chunk: UInt64 in [1, 7, 64] {
            let report = try store.ledger.verify(chunk: chunk)
            #expect(report.ok, "chunk \(chunk): \(report.problems.prefix(3))")
            #expect(report.rootHash == summary.rootHash && report.treeSize == summary.treeSize)
        }
        // Seq 131 sits in the fifth round of two 13-record chunks; node (level 3, n 15) completes at leaf 127.
        try mutate(store, "events", key: BigEndian.bytes(131)) { v in
            if let i = v.firstIndex(of: UInt8(ascii: "C")) { v[i] = UInt8(ascii: "D") }
        }
        try mutate(store, "tree", key: BigEndian.bytes(UInt64(MerkleTree.storedHashIndex(level: 3, n: 15)))) { $0[0] ^= 1 }
        let problems = try store.ledger.verify(chunk: 13).problems
        #expect(problems.contains { $0.seq == 131 && $0.check == "tree.leaf" })
        #expect(problems.contains { $0.seq == 127 && $0.check == "tree.node" })
        // The stored ancestors of leaf 131 were hashed from the original record: the subtrees
        // 128–135 and 128–143 (completed at leaves 135 and 143) disagree too, and nothing else.
        #expect(problems.contains { $0.seq == 135 && $0.check == "tree.node" })
        #expect(problems.contains { $0.seq == 143 && $0.check == "tree.node" })
        #expect(Set(problems.compactMap(\.seq)) == [127, 131, 135, 143])
    }

    @Test("inclusion proofs from the store verify for every leaf of every tree size up to the log's")
    func proofs_everySizeEveryLeaf() throws {
        let (store, summary) = try populatedStore(cases: 45)
        let records = try store.ledger.env.read { txn in try (0..<summary.treeSize).map { Array(try store.ledger.recordBytes(txn, seq: $0)!) } }
        var checked = 0
        try store.ledger.env.read { txn in
            for size in UInt64(1)...summary.treeSize {
                let root = try store.ledger.rootHash(txn, size: size)
                #expect(root.bytes == referenceRoot(records[0..<Int(size)]))
                for seq in 0..<size {
                    let p = try store.ledger.inclusionProof(txn, seq: seq, size: size)
                    try MerkleTree.verifyInclusion(index: Int64(seq), size: Int64(size), leafHash: p.leafHash, proof: p.hashes, root: root)
                    checked += 1
                }
                let c = try store.ledger.consistencyProof(txn, from: size / 2, to: size)
                try MerkleTree.verifyConsistency(fromSize: Int64(size / 2), toSize: Int64(size), proof: c.hashes, fromRoot: c.fromRoot, toRoot: c.toRoot)
            }
        }
        #expect(checked == Int(summary.treeSize * (summary.treeSize + 1) / 2))
    }

    @Test("one flipped byte in a stored record is found and named by its seq")
    func tamper_recordByte() throws {
        let (store, _) = try populatedStore()
        // Change a letter inside a value: still canonical JSON, so only the hash can tell.
        try mutate(store, "events", key: BigEndian.bytes(17)) { v in
            if let i = v.firstIndex(of: UInt8(ascii: "T")) { v[i] = UInt8(ascii: "X") }
        }
        let report = try store.ledger.verify()
        #expect(!report.ok)
        #expect(report.problems.contains { $0.seq == 17 && $0.check == "tree.leaf" })
        // Break the canonical form too: a space after the first brace.
        try mutate(store, "events", key: BigEndian.bytes(5)) { v in v.insert(0x20, at: 1) }
        #expect(try store.ledger.verify().problems.contains { $0.seq == 5 && $0.check == "record.canonical" })
    }

    @Test("a flipped stored leaf hash or tree node is found")
    func tamper_treeHashes() throws {
        let (store, _) = try populatedStore()
        try mutate(store, "tree", key: BigEndian.bytes(UInt64(MerkleTree.storedHashIndex(level: 0, n: 30)))) { $0[0] ^= 1 }
        #expect(try store.ledger.verify().problems.contains { $0.seq == 30 && $0.check == "tree.leaf" })
        let (store2, _) = try populatedStore()
        try mutate(store2, "tree", key: BigEndian.bytes(UInt64(MerkleTree.storedHashIndex(level: 2, n: 3)))) { $0[31] ^= 0x80 }
        let problems = try store2.ledger.verify().problems
        // Node (level 2, n 3) covers leaves 12–15 and is stored when leaf 15 completes it.
        #expect(problems.contains { $0.seq == 15 && $0.check == "tree.node" })
    }

    @Test("a removed last event is found, and a kept checkpoint then reports the truncation")
    func tamper_truncation() throws {
        let (store, summary) = try populatedStore()
        let keys = try NoteSigner.generate(name: "test.example/key")
        let signer = try NoteSigner(keyText: keys.signerKey)
        let note = try store.ledger.env.read { txn in try signer.sign(text: try store.ledger.checkpoint(txn, size: summary.treeSize).text) }
        let verifier = try NoteVerifier(keyText: keys.verifierKey)
        #expect(try store.ledger.verify(signedCheckpoint: note, verifier: verifier).isEmpty)
        try store.ledger.env.write { txn in
            _ = try txn.delete(try txn.open("events", create: false), BigEndian.bytes(summary.treeSize - 1))
        }
        let report = try store.ledger.verify()
        #expect(report.problems.contains { $0.check == "count.tree" || $0.check == "count.ids" })
        #expect(try store.ledger.verify(signedCheckpoint: note, verifier: verifier).map(\.check) == ["checkpoint.truncated"])
    }

    @Test("a checkpoint is proven against the root of the records, not the stored tree's root alone")
    func checkpoint_provenToTheRecordsRoot() throws {
        let (store, summary) = try populatedStore()
        let keys = try NoteSigner.generate(name: "test.example/key")
        let signer = try NoteSigner(keyText: keys.signerKey)
        let verifier = try NoteVerifier(keyText: keys.verifierKey)
        let note = try store.ledger.env.read { txn in try signer.sign(text: try store.ledger.checkpoint(txn, size: summary.treeSize).text) }
        // One byte of the last record changes: the stored tree still holds the old leaf and root.
        try mutate(store, "events", key: BigEndian.bytes(summary.treeSize - 1)) { value in
            if let i = value.firstIndex(of: UInt8(ascii: "2")) { value[i] = UInt8(ascii: "3") }
        }
        let report = try store.ledger.verify()
        #expect(!report.ok && report.rootHash != summary.rootHash)
        #expect(try store.ledger.verify(signedCheckpoint: note, verifier: verifier).isEmpty, "the stored tree alone still extends it")
        #expect(try store.ledger.verify(signedCheckpoint: note, verifier: verifier, logRoot: report.rootHash).map(\.check) == ["checkpoint.consistency"])
    }

    @Test("a rewritten history that is consistent in itself still fails against an earlier checkpoint")
    func tamper_rewrittenHistory() throws {
        let keys = try NoteSigner.generate(name: "test.example/key")
        let signer = try NoteSigner(keyText: keys.signerKey)
        let verifier = try NoteVerifier(keyText: keys.verifierKey)
        var f = EventFactory()
        let original = [f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1"), f.placement("C-1")]
        var g = EventFactory()
        let rewritten = [g.protocolSigned("conv-1"), g.caseOpened("C-1", protocolId: "conv-1", person: "P-OTHER"), g.placement("C-1")]
        let a = try TempStore(origin: "test.example/albo")
        try a.append(original)
        let note = try a.ledger.env.read { txn in try signer.sign(text: try a.ledger.checkpoint(txn, size: 3).text) }
        let b = try TempStore(origin: "test.example/albo")
        try b.append(rewritten + [g.closed("C-1")])
        #expect(try b.ledger.verify().ok)
        #expect(try b.ledger.verify(signedCheckpoint: note, verifier: verifier).map(\.check) == ["checkpoint.consistency"])
        // A checkpoint signed by another key is refused before anything else.
        let other = try NoteVerifier(keyText: try NoteSigner.generate(name: "test.example/key").verifierKey)
        #expect(try a.ledger.verify(signedCheckpoint: note, verifier: other).map(\.check) == ["checkpoint.signature"])
    }

    @Test("a broken index entry or stored fact is found")
    func tamper_indexes() throws {
        let (store, _) = try populatedStore()
        try store.ledger.env.write { txn in
            let streams = try txn.open("streams", create: false)
            var key = Array("case:C-4".utf8) + [0]
            key += BigEndian.bytes(1)
            try txn.put(streams, key, BigEndian.bytes(0))
            let facts = try txn.open("facts", create: false)
            try txn.put(facts, Array("cC-2".utf8), Array("conv-1|2023-01-10|1|9".utf8))
        }
        let checks = Set(try store.ledger.verify().problems.map(\.check))
        #expect(checks.contains("index.stream") && checks.contains("index.facts"))
    }
}
