import Testing
import Transparency

/// The RFC 6962 test vectors used by Certificate Transparency and transparency-dev/merkle.
@Suite struct MerkleProofVectorTests {
    static let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    /// (leaf index, tree size, audit path)
    static let inclusionPaths: [(Int64, Int64, [String])] = [
        (0, 1, []),
        (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    ]

    /// (old size, new size, consistency proof)
    static let consistencyPaths: [(Int64, Int64, [String])] = [
        (1, 1, []),
        (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    ]

    let store = MemoryHashStore(leafHashes: rfc6962Leaves.map { MerkleHash.leafHash($0) })

    @Test func treeHash_matchesRFC6962Roots() throws {
        for size in 1...8 {
            #expect(try MerkleTree.treeHash(size: Int64(size), reader: store).hex == Self.roots[size - 1], "size \(size)")
        }
        #expect(try MerkleTree.treeHash(size: 0, reader: store) == MerkleHash.emptyRoot)
        #expect(store.root.hex == Self.roots[7])
    }

    @Test func inclusionProof_matchesRFC6962Paths() throws {
        for (index, size, path) in Self.inclusionPaths {
            let proof = try MerkleTree.inclusionProof(index: index, size: size, reader: store)
            #expect(proof.map(\.hex) == path, "leaf \(index) of \(size)")
            try MerkleTree.verifyInclusion(
                index: index, size: size, leafHash: MerkleHash.leafHash(rfc6962Leaves[Int(index)]),
                proof: proof, root: hash(Self.roots[Int(size) - 1]))
        }
    }

    @Test func consistencyProof_matchesRFC6962Paths() throws {
        for (from, to, path) in Self.consistencyPaths {
            let proof = try MerkleTree.consistencyProof(from: from, to: to, reader: store)
            #expect(proof.map(\.hex) == path, "\(from) → \(to)")
            try MerkleTree.verifyConsistency(
                fromSize: from, toSize: to, proof: proof,
                fromRoot: hash(Self.roots[Int(from) - 1]), toRoot: hash(Self.roots[Int(to) - 1]))
        }
    }

    @Test func proofs_rejectImpossibleArguments() {
        #expect(throws: TransparencyError.self) { try MerkleTree.inclusionProof(index: 8, size: 8, reader: store) }
        #expect(throws: TransparencyError.self) { try MerkleTree.inclusionProof(index: -1, size: 8, reader: store) }
        #expect(throws: TransparencyError.self) { try MerkleTree.inclusionProof(index: 0, size: 9, reader: store) }
        #expect(throws: TransparencyError.self) { try MerkleTree.consistencyProof(from: 5, to: 4, reader: store) }
        #expect(throws: TransparencyError.self) { try MerkleTree.treeHash(size: -1, reader: store) }
        #expect(throws: TransparencyError.self) { try MerkleTree.treeHash(size: .max, reader: store) }
        #expect(throws: TransparencyError.self) {
            try MerkleTree.rootFromInclusionProof(index: 0, size: 0, leafHash: .zero, proof: [])
        }
    }

    @Test func consistencyFromEmptyTree_needsNoProofButTheEmptyRoot() throws {
        #expect(try MerkleTree.consistencyProof(from: 0, to: 8, reader: store).isEmpty)
        try MerkleTree.verifyConsistency(fromSize: 0, toSize: 8, proof: [], fromRoot: MerkleHash.emptyRoot, toRoot: hash(Self.roots[7]))
        #expect(throws: TransparencyError.self) {
            try MerkleTree.verifyConsistency(fromSize: 0, toSize: 8, proof: [], fromRoot: .zero, toRoot: hash(Self.roots[7]))
        }
    }
}
