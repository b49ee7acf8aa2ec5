// Proof verification, written from the RFC 9162 §2.1.3.2 and §2.1.4.2 algorithms rather than
// from the recursive provers, so the two halves check each other.

extension MerkleTree {
    /// The root that `proof` implies for `leafHash` at `index` in a tree of `size`; throws if the proof has the wrong shape.
    public static func rootFromInclusionProof(index: Int64, size: Int64, leafHash: TreeHash, proof: [TreeHash]) throws -> TreeHash {
        guard size > 0, index >= 0, index < size else {
            throw TransparencyError(.invalidArgument, "record \(index) is not in a tree of size \(size): it needs 0 ≤ index < size")
        }
        var fn = index
        var sn = size - 1
        var hash = leafHash
        for sibling in proof {
            guard sn != 0 else { throw wrongLength(proof.count, index: index, size: size) }
            if fn & 1 == 1 || fn == sn {
                hash = MerkleHash.nodeHash(sibling, hash)
                // A left child on the right edge has no sibling at the levels where its subtree is incomplete.
                while fn & 1 == 0, fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                hash = MerkleHash.nodeHash(hash, sibling)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw wrongLength(proof.count, index: index, size: size) }
        return hash
    }

    /// Checks that `proof` shows `leafHash` is record `index` of the tree of `size` records with `root`.
    public static func verifyInclusion(index: Int64, size: Int64, leafHash: TreeHash, proof: [TreeHash], root: TreeHash) throws {
        let computed = try rootFromInclusionProof(index: index, size: size, leafHash: leafHash, proof: proof)
        guard computed == root else {
            throw TransparencyError(.proofMismatch, "the inclusion proof of record \(index) leads to root \(computed), not the expected \(root) of tree size \(size)")
        }
    }

    /// Checks that `proof` shows the tree of `toSize` with `toRoot` extends the tree of `fromSize` with `fromRoot`.
    public static func verifyConsistency(fromSize: Int64, toSize: Int64, proof: [TreeHash], fromRoot: TreeHash, toRoot: TreeHash) throws {
        guard fromSize >= 0, fromSize <= toSize else {
            throw TransparencyError(.invalidArgument, "tree size \(toSize) cannot extend size \(fromSize): it needs 0 ≤ from ≤ to")
        }
        if fromSize == toSize || fromSize == 0 {
            guard proof.isEmpty else {
                throw TransparencyError(.malformedProof, "a consistency proof from size \(fromSize) to \(toSize) must be empty, got \(proof.count) hashes")
            }
            let expected = fromSize == 0 ? MerkleHash.emptyRoot : toRoot
            guard fromRoot == expected else {
                throw TransparencyError(.proofMismatch, "tree size \(fromSize) has root \(fromRoot), expected \(expected)")
            }
            return
        }
        guard !proof.isEmpty else {
            throw TransparencyError(.malformedProof, "a consistency proof from size \(fromSize) to \(toSize) cannot be empty")
        }
        // When the old tree is a complete subtree its root is the path's starting point.
        let path = fromSize.nonzeroBitCount == 1 ? [fromRoot] + proof : proof
        var fn = fromSize - 1
        var sn = toSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var oldHash = path[0]
        var newHash = path[0]
        for hash in path.dropFirst() {
            guard sn != 0 else { throw wrongConsistencyLength(proof.count, from: fromSize, to: toSize) }
            if fn & 1 == 1 || fn == sn {
                oldHash = MerkleHash.nodeHash(hash, oldHash)
                newHash = MerkleHash.nodeHash(hash, newHash)
                while fn & 1 == 0, fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                newHash = MerkleHash.nodeHash(newHash, hash)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw wrongConsistencyLength(proof.count, from: fromSize, to: toSize) }
        guard oldHash == fromRoot else {
            throw TransparencyError(.proofMismatch, "the consistency proof leads to root \(oldHash) for tree size \(fromSize), not the expected \(fromRoot)")
        }
        guard newHash == toRoot else {
            throw TransparencyError(.proofMismatch, "the consistency proof leads to root \(newHash) for tree size \(toSize), not the expected \(toRoot)")
        }
    }

    private static func wrongLength(_ count: Int, index: Int64, size: Int64) -> TransparencyError {
        TransparencyError(.malformedProof, "an inclusion proof of record \(index) in tree size \(size) cannot have \(count) hashes")
    }

    private static func wrongConsistencyLength(_ count: Int, from: Int64, to: Int64) -> TransparencyError {
        TransparencyError(.malformedProof, "a consistency proof from size \(from) to \(to) cannot have \(count) hashes")
    }
}
