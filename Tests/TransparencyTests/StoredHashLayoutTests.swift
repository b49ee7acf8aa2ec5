import Testing
import Transparency

@Suite struct StoredHashLayoutTests {
    /// (level, n, index) for the first eight records, worked out by hand from tlog's ordering:
    /// a record's leaf, then each subtree it completes, lowest first.
    static let layout: [(Int, Int64, Int64)] = [
        (0, 0, 0), (0, 1, 1), (1, 0, 2), (0, 2, 3), (0, 3, 4), (1, 1, 5), (2, 0, 6), (0, 4, 7),
        (0, 5, 8), (1, 2, 9), (0, 6, 10), (0, 7, 11), (1, 3, 12), (2, 1, 13), (3, 0, 14), (0, 8, 15),
    ]

    @Test func storedHashIndex_matchesTlogOrdering() {
        for (level, n, index) in Self.layout {
            #expect(MerkleTree.storedHashIndex(level: level, n: n) == index, "level \(level) n \(n)")
            #expect(MerkleTree.splitStoredHashIndex(index) == (level, n), "index \(index)")
        }
    }

    @Test func splitStoredHashIndex_invertsEveryIndex() {
        for index in Int64(0)..<20_000 {
            let (level, n) = MerkleTree.splitStoredHashIndex(index)
            #expect(MerkleTree.storedHashIndex(level: level, n: n) == index)
        }
        // Far from the origin too: the last leaf and the root of a 2^40-record tree.
        let big = Int64(1) << 40
        for (level, n) in [(0, big - 1), (40, Int64(0)), (17, Int64(12345))] {
            #expect(MerkleTree.splitStoredHashIndex(MerkleTree.storedHashIndex(level: level, n: n)) == (level, n))
        }
    }

    @Test func storedHashCount_countsWhatAppendsStore() {
        #expect((0...8).map { MerkleTree.storedHashCount($0) } == [0, 1, 3, 4, 7, 8, 10, 11, 15])
        var store = MemoryHashStore()
        for n in 0..<1_000 {
            #expect(MerkleTree.storedHashCount(Int64(n)) == Int64(store.hashes.count))
            store.append(leafHash: MerkleHash.leafHash(leafData(n)))
        }
    }

    @Test func storedHashes_withReaderMatchFrontierAndStartAtTheLeafIndex() throws {
        var store = MemoryHashStore()
        var frontier = TreeFrontier()
        for n in Int64(0)..<300 {
            let leaf = MerkleHash.leafHash(leafData(Int(n)))
            let viaReader = try MerkleTree.storedHashes(forRecord: n, leafHash: leaf, reader: store)
            #expect(viaReader == frontier.append(leaf: leaf))
            #expect(MerkleTree.storedHashIndex(level: 0, n: n) == Int64(store.hashes.count))
            store.append(leafHash: leaf)
        }
    }

    @Test func everyStoredHash_isTheRootOfItsSubtree() {
        let leaves = (0..<300).map { MerkleHash.leafHash(leafData($0)) }
        let store = MemoryHashStore(leafHashes: leaves)
        for (index, stored) in store.hashes.enumerated() {
            let (level, n) = MerkleTree.splitStoredHashIndex(Int64(index))
            let lo = Int(n) << level
            #expect(stored == naiveRoot(leaves[lo..<(lo + 1 << level)]), "stored hash \(index)")
        }
    }

    @Test func storedHashes_readerThatLosesHashes_isAnError() {
        struct ShortReader: HashReader {
            func readHashes(_ indexes: [Int64]) throws -> [TreeHash] { [] }
        }
        #expect(throws: TransparencyError(.hashNotFound, "asked for 1 stored hashes, the reader returned 0")) {
            try MerkleTree.storedHashes(forRecord: 1, leafHash: .zero, reader: ShortReader())
        }
        #expect(throws: TransparencyError.self) {
            try MerkleTree.storedHashes(forRecord: -1, leafHash: .zero, reader: ShortReader())
        }
    }
}
