import Testing
import Transparency

@Suite struct TreeFrontierTests {
    @Test func root_equalsNaiveRootForEverySize() {
        let leaves = (0..<300).map { MerkleHash.leafHash(leafData($0)) }
        var frontier = TreeFrontier()
        #expect(frontier.root == MerkleHash.emptyRoot)
        for (i, leaf) in leaves.enumerated() {
            frontier.append(leaf: leaf)
            #expect(frontier.size == Int64(i + 1))
            #expect(frontier.subtreeRoots.count == (i + 1).nonzeroBitCount)
            #expect(frontier.root == naiveRoot(leaves[...i]), "size \(i + 1)")
        }
    }

    @Test func initFromReader_resumesWithOneReadAndAppendsIdentically() throws {
        let leaves = (0..<300).map { MerkleHash.leafHash(leafData($0)) }
        let full = MemoryHashStore(leafHashes: leaves)
        for size in 0...299 {
            let reader = CountingReader(MemoryHashStore(leafHashes: leaves[..<size]))
            var resumed = try TreeFrontier(size: Int64(size), reader: reader)
            #expect(reader.calls == (size == 0 ? 0 : 1))
            #expect(reader.hashesRead == size.nonzeroBitCount)
            // The next append stores exactly the hashes the one-shot store holds at that position.
            let stored = resumed.append(leaf: leaves[size])
            let start = Int(MerkleTree.storedHashIndex(level: 0, n: Int64(size)))
            #expect(Array(full.hashes[start..<(start + stored.count)]) == stored)
            #expect(resumed.root == naiveRoot(leaves[...size]))
        }
    }

    @Test func appendInto_collectsABatchContiguously() {
        let leaves = (0..<100).map { MerkleHash.leafHash(leafData($0)) }
        var frontier = TreeFrontier()
        var batch: [TreeHash] = []
        for leaf in leaves[..<37] { frontier.append(leaf: leaf, into: &batch) }
        batch.removeAll()
        for leaf in leaves[37...] { frontier.append(leaf: leaf, into: &batch) }
        let expected = MemoryHashStore(leafHashes: leaves).hashes
        let start = Int(MerkleTree.storedHashIndex(level: 0, n: 37))
        #expect(batch == Array(expected[start...]))
    }

    @Test func init_rejectsWrongSubtreeCounts() {
        #expect(throws: TransparencyError.self) { try TreeFrontier(size: 3, subtreeRoots: [.zero]) }
        #expect(throws: TransparencyError.self) { try TreeFrontier(size: -1, subtreeRoots: []) }
        #expect(throws: TransparencyError.self) { try TreeFrontier(size: 5, reader: MemoryHashStore()) }
    }
}
