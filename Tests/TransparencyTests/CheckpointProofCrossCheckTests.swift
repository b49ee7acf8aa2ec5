import Testing
import Transparency

/// Inclusion proofs judged against a signed checkpoint, by Tools/transparency_check.py: a proof
/// counts only for the checkpoint's own tree size and root, never for a size or root it brings.
@Suite struct CheckpointProofCrossCheckTests {
    @Test func forgedProofs_areRejectedAgainstTheSignedCheckpoint() throws {
        let leaves = (0..<41).map { MerkleHash.leafHash(leafData($0)) }
        let store = MemoryHashStore(leafHashes: leaves)
        let keys = try NoteSigner.generate(name: "test.example/log")
        let note = try NoteSigner(keyText: keys.signerKey).sign(text: try Checkpoint(
            origin: "test.example/log", size: 41, rootHash: try MerkleTree.treeHash(size: 41, reader: store)).text)
        let proof17 = try MerkleTree.inclusionProof(index: 17, size: 41, reader: store)
        var cases = CrossCheckCases()
        func add(_ index: Int64, _ size: Int64, _ leaf: TreeHash, _ proof: [TreeHash], valid: Bool) throws {
            try cases.addCheckpointInclusion(verifierKey: keys.verifierKey, note: note, index: index, proofSize: size, leaf: leaf,
                                             proof: proof, valid: valid)
        }
        try add(17, 41, leaves[17], proof17, valid: true)
        // A one-leaf tree whose root is the leaf itself, with no hashes: unrelated to the checkpoint.
        try add(0, 1, leaves[0], [], valid: false)
        // A true proof, but for an older tree than the signed one.
        try add(17, 30, leaves[17], try MerkleTree.inclusionProof(index: 17, size: 30, reader: store), valid: false)
        // A path cut short, and another leaf's path.
        try add(17, 41, leaves[17], Array(proof17.dropLast()), valid: false)
        try add(17, 41, leaves[17], try MerkleTree.inclusionProof(index: 18, size: 41, reader: store), valid: false)
        // The right proof for another leaf's hash.
        try add(17, 41, leaves[18], proof17, valid: false)
        // The genuine proof, under a checkpoint signed by another key with the same name.
        let other = try NoteSigner.generate(name: "test.example/log")
        let otherNote = try NoteSigner(keyText: other.signerKey).sign(text: try Checkpoint(parsing: String(note[..<(try #require(note.range(of: "\n\n"))).lowerBound]) + "\n").text)
        try cases.addCheckpointInclusion(verifierKey: keys.verifierKey, note: otherNote, index: 17, proofSize: 41, leaf: leaves[17],
                                         proof: proof17, valid: false)
        let result = try #require(try runPythonCrossCheck(cases.json))
        #expect(result.mismatches == 0)
        #expect(result.checkpointInclusion == 7 && result.validCheckpointInclusion == 1)
        // Swift's verifier agrees on each, given the checkpoint's size and root.
        let root = try MerkleTree.treeHash(size: 41, reader: store)
        #expect((try? MerkleTree.verifyInclusion(index: 17, size: 41, leafHash: leaves[17], proof: proof17, root: root)) != nil)
        #expect((try? MerkleTree.verifyInclusion(index: 0, size: 41, leafHash: leaves[0], proof: [], root: root)) == nil)
        #expect((try? MerkleTree.verifyInclusion(index: 17, size: 41, leafHash: leaves[17], proof: Array(proof17.dropLast()), root: root)) == nil)
    }
}
