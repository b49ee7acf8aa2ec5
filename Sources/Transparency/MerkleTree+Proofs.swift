// Tree hashes and proofs from stored hashes (RFC 9162 §2.1, as tlog.TreeHash, ProveRecord, ProveTree).
// Every subtree a proof needs is either one stored hash (a complete, aligned subtree) or the fold of
// the complete subtrees that tile it, so each function plans its indexes, reads once, then hashes.

extension MerkleTree {
    /// The RFC 9162 root of the first `size` records: one read of at most log₂ size stored hashes.
    ///
    /// The empty tree's root is `MerkleHash.emptyRoot`, SHA-256 of nothing, as RFC 9162 says
    /// (Go's tlog returns all zeros instead).
    public static func treeHash(size: Int64, reader: some HashReader) throws -> TreeHash {
        try TreeFrontier(size: size, reader: reader).root
    }

    /// The RFC 9162 §2.1.3.1 inclusion proof (audit path) of record `index` in the tree of `size` records, leaf side first.
    public static func inclusionProof(index: Int64, size: Int64, reader: some HashReader) throws -> [TreeHash] {
        try checkSize(size)
        guard index >= 0, index < size else {
            throw TransparencyError(.invalidArgument, "record \(index) is not in a tree of size \(size): it needs 0 ≤ index < size")
        }
        var plan = ProofPlan()
        var lo: Int64 = 0
        var hi = size
        // Walk down from the root; at each split record the side not taken.
        while hi - lo > 1 {
            let k = largestPowerOfTwo(below: hi - lo)
            if index < lo + k {
                plan.addSubtree(lo: lo + k, hi: hi)
                hi = lo + k
            } else {
                plan.addSubtree(lo: lo, hi: lo + k)
                lo += k
            }
        }
        return try plan.resolve(reader)
    }

    /// The RFC 9162 §2.1.4.1 consistency proof that the tree of `to` records extends the tree of `from` records.
    ///
    /// Empty when `from` is 0 or equals `to`: those need no proof.
    public static func consistencyProof(from: Int64, to: Int64, reader: some HashReader) throws -> [TreeHash] {
        try checkSize(to)
        guard from >= 0, from <= to else {
            throw TransparencyError(.invalidArgument, "cannot prove tree size \(to) extends size \(from): it needs 0 ≤ from ≤ to")
        }
        if from == 0 || from == to { return [] }
        var plan = ProofPlan()
        var lo: Int64 = 0
        var hi = to
        // Whether [lo, hi) is a prefix of the old tree, whose root the verifier already has.
        var isOldRootPrefix = true
        while from != hi {
            let k = largestPowerOfTwo(below: hi - lo)
            if from <= lo + k {
                plan.addSubtree(lo: lo + k, hi: hi)
                hi = lo + k
            } else {
                plan.addSubtree(lo: lo, hi: lo + k)
                lo += k
                isOldRootPrefix = false
            }
        }
        if !isOldRootPrefix {
            plan.addSubtree(lo: lo, hi: hi)
        }
        return try plan.resolve(reader)
    }

    /// The stored hash indexes of the complete subtrees tiling records [lo, hi), left to right.
    ///
    /// `lo` must be a multiple of the largest power of two not above `hi − lo`, which holds for
    /// every range the RFC 9162 recursion produces.
    static func subtreeIndexes(lo: Int64, hi: Int64) -> [Int64] {
        var indexes: [Int64] = []
        var start = lo
        while start < hi {
            let level = 63 - (hi - start).leadingZeroBitCount
            indexes.append(storedHashIndex(level: level, n: start >> level))
            start += 1 << level
        }
        return indexes
    }

    /// The largest power of two strictly below `n` (n ≥ 2): RFC 9162's split point k.
    static func largestPowerOfTwo(below n: Int64) -> Int64 {
        1 << (63 - (n - 1).leadingZeroBitCount)
    }

    static func checkSize(_ size: Int64) throws {
        guard size >= 0, size <= maxTreeSize else {
            throw TransparencyError(.invalidArgument, "tree size \(size) is out of range 0...\(maxTreeSize)")
        }
    }
}

/// The subtrees a proof needs, root side first, as runs of stored hash indexes to read together.
private struct ProofPlan {
    var indexes: [Int64] = []
    var parts: [Range<Int>] = []

    mutating func addSubtree(lo: Int64, hi: Int64) {
        let start = indexes.count
        indexes.append(contentsOf: MerkleTree.subtreeIndexes(lo: lo, hi: hi))
        parts.append(start..<indexes.count)
    }

    /// Reads every needed hash at once and folds each subtree; proofs list the leaf side first.
    func resolve(_ reader: some HashReader) throws -> [TreeHash] {
        let hashes = try MerkleTree.read(indexes, from: reader)
        return parts.reversed().map { part in
            var hash = hashes[part.upperBound - 1]
            for i in stride(from: part.upperBound - 2, through: part.lowerBound, by: -1) {
                hash = MerkleHash.nodeHash(hashes[i], hash)
            }
            return hash
        }
    }
}
