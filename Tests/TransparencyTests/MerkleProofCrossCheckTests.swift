import Testing
import Transparency

/// Every proof of every tree up to 300 leaves, checked by our verifier and by rekor_verifier in Python.
@Suite struct MerkleProofCrossCheckTests {
    static let maxSize = 300
    /// The share of proofs also checked in negative forms, by both verifiers: a fifth of every tree size.
    /// (All of them would triple the run time in a debug build, mostly formatting error messages.)
    static func isNegativeSample(_ a: Int64, _ b: Int64) -> Bool { (a + b) % 5 == 0 }

    let leaves: [TreeHash]
    let store: MemoryHashStore
    let roots: [TreeHash]

    init() throws {
        // One leaf more than the largest tree, so "wrong size" cases have a true root to be checked against.
        leaves = (0...Self.maxSize).map { MerkleHash.leafHash(leafData($0)) }
        store = MemoryHashStore(leafHashes: leaves)
        let store = store
        roots = try (0...(Self.maxSize + 1)).map { try MerkleTree.treeHash(size: Int64($0), reader: store) }
    }

    @Test func treeHash_fromStoredHashes_equalsNaiveRootForEverySize() throws {
        for size in 1...(Self.maxSize + 1) {
            #expect(roots[size] == naiveRoot(leaves[..<size]), "size \(size)")
        }
        let reader = CountingReader(store)
        _ = try MerkleTree.treeHash(size: 300, reader: reader)
        #expect(reader.calls == 1 && reader.hashesRead == 300.nonzeroBitCount)
    }

    @Test func proofs_fromStoredHashes_verifyInSwiftAndPython() throws {
        var cases = CrossCheckCases()
        var expected = (inclusion: 0, consistency: 0)
        // Collected rather than one #expect each: hundreds of thousands of expectations dominate the run time.
        var failures: [String] = []
        for size in Int64(1)...Int64(Self.maxSize) {
            for index in 0..<size {
                try checkInclusion(index: index, size: size, cases: &cases, count: &expected.inclusion, failures: &failures)
            }
            for from in 1...size {
                try checkConsistency(from: from, to: size, cases: &cases, count: &expected.consistency, failures: &failures)
            }
        }
        #expect(failures.isEmpty, "\(failures.count) Swift verification failures, first: \(failures.prefix(5))")
        let result = try #require(try runPythonCrossCheck(cases.json))
        #expect(result.mismatches == 0)
        #expect(result.inclusion == expected.inclusion)
        #expect(result.consistency == expected.consistency)
        // Python accepted all 1 + 2 + … + 300 valid proofs of each kind and rejected the rest.
        #expect(result.validInclusion == 45_150)
        #expect(result.validConsistency == 45_150)
        #expect(result.inclusion - result.validInclusion > 20_000)
        #expect(result.consistency - result.validConsistency > 20_000)
    }

    private func checkInclusion(
        index: Int64, size: Int64, cases: inout CrossCheckCases, count: inout Int, failures: inout [String]
    ) throws {
        let leaf = leaves[Int(index)]
        let root = roots[Int(size)]
        let proof = try MerkleTree.inclusionProof(index: index, size: size, reader: store)
        do {
            try MerkleTree.verifyInclusion(index: index, size: size, leafHash: leaf, proof: proof, root: root)
        } catch {
            failures.append("leaf \(index) of \(size): \(error)")
        }
        cases.addInclusion(index: index, size: size, leaf: leaf, proof: proof, root: root, valid: true)
        count += 1

        guard Self.isNegativeSample(index, size) else { return }
        var negatives: [(Int64, Int64, [TreeHash], TreeHash)] = []
        if !proof.isEmpty {
            negatives.append((index, size, flipped(proof, at: Int(index + size)), root))
        }
        if size > 1 {
            negatives.append(((index + 1) % size, size, proof, root))
        }
        negatives.append((index, size + 1, proof, roots[Int(size) + 1]))
        for (badIndex, badSize, badProof, badRoot) in negatives {
            if (try? MerkleTree.verifyInclusion(index: badIndex, size: badSize, leafHash: leaf, proof: badProof, root: badRoot)) != nil {
                failures.append("leaf \(index) of \(size) also verified as \(badIndex) of \(badSize)")
            }
            cases.addInclusion(index: badIndex, size: badSize, leaf: leaf, proof: badProof, root: badRoot, valid: false)
            count += 1
        }
    }

    private func checkConsistency(
        from: Int64, to: Int64, cases: inout CrossCheckCases, count: inout Int, failures: inout [String]
    ) throws {
        let proof = try MerkleTree.consistencyProof(from: from, to: to, reader: store)
        do {
            try MerkleTree.verifyConsistency(fromSize: from, toSize: to, proof: proof, fromRoot: roots[Int(from)], toRoot: roots[Int(to)])
        } catch {
            failures.append("\(from) → \(to): \(error)")
        }
        cases.addConsistency(from: from, to: to, proof: proof, fromRoot: roots[Int(from)], toRoot: roots[Int(to)], valid: true)
        count += 1

        guard Self.isNegativeSample(from, to) else { return }
        var negatives: [(Int64, Int64, [TreeHash])] = []
        if !proof.isEmpty {
            negatives.append((from, to, flipped(proof, at: Int(from + to))))
        }
        // A wrong old size, never 0: from the empty tree any new tree is consistent.
        if from + 1 <= to {
            negatives.append((from + 1, to, proof))
        } else if from > 1 {
            negatives.append((from - 1, to, proof))
        }
        negatives.append((from, to + 1, proof))
        for (badFrom, badTo, badProof) in negatives {
            let fromRoot = roots[Int(badFrom)]
            let toRoot = roots[Int(badTo)]
            if (try? MerkleTree.verifyConsistency(fromSize: badFrom, toSize: badTo, proof: badProof, fromRoot: fromRoot, toRoot: toRoot)) != nil {
                failures.append("\(from) → \(to) also verified as \(badFrom) → \(badTo)")
            }
            cases.addConsistency(from: badFrom, to: badTo, proof: badProof, fromRoot: fromRoot, toRoot: toRoot, valid: false)
            count += 1
        }
    }

    /// The proof with one bit of one byte flipped; `seed` picks which hash and byte.
    private func flipped(_ proof: [TreeHash], at seed: Int) -> [TreeHash] {
        var copy = proof
        var bytes = copy[seed % copy.count].bytes
        bytes[seed % 32] ^= 0x01
        copy[seed % copy.count] = TreeHash(bytes: bytes) ?? .zero
        return copy
    }
}
