// The stored hash layout of Go's golang.org/x/mod/sumdb/tlog (after Crosby and Wallach, §3.3):
// every hash of a complete subtree gets one dense sequential index, written once, in the order
// the records that complete those subtrees arrive. Appending never rewrites a stored hash.

/// RFC 9162 Merkle tree math over stored hashes: layout, tree hashes and proofs.
public enum MerkleTree {
    /// Tree sizes above this are refused: stored hash indexes of larger trees would overflow `Int64`.
    public static let maxTreeSize: Int64 = 1 << 60

    /// The stored hash index of the complete subtree at `level` (0 = leaves) numbered `n` from the left.
    ///
    /// Level L's n-th hash is stored right after level L−1's (2n+1)-th hash.
    public static func storedHashIndex(level: Int, n: Int64) -> Int64 {
        precondition(level >= 0 && level < 62 && n >= 0 && n < (maxTreeSize >> level), "stored hash coordinates out of range")
        // Descend to the last leaf of that subtree: the subtree's hash is written just after it.
        let leaf = n << level | (Int64(1) << level - 1)
        // Leaf m is written after the m leaves before it and the m − popcount(m) nodes they completed.
        return 2 * leaf - Int64(leaf.nonzeroBitCount) + Int64(level)
    }

    /// The inverse of `storedHashIndex(level:n:)`.
    public static func splitStoredHashIndex(_ index: Int64) -> (level: Int, n: Int64) {
        precondition(index >= 0 && index < 2 * maxTreeSize, "stored hash index out of range")
        // The record whose addition stored this hash is in [index/2, index/2 + log₂ index].
        var n = index / 2
        var indexN = storedHashIndex(level: 0, n: n)
        while true {
            // Record n stores 1 + trailingZeros(n + 1) hashes.
            let next = indexN + 1 + Int64((n + 1).trailingZeroBitCount)
            if next > index { break }
            n += 1
            indexN = next
        }
        let level = Int(index - indexN)
        return (level, n >> level)
    }

    /// The number of stored hashes for a tree of `n` records.
    public static func storedHashCount(_ n: Int64) -> Int64 {
        precondition(n >= 0 && n <= maxTreeSize, "tree size out of range")
        if n == 0 { return 0 }
        // Up to and including the last leaf, plus the subtrees that leaf completed.
        return storedHashIndex(level: 0, n: n - 1) + 1 + Int64((~(n - 1)).trailingZeroBitCount)
    }

    /// The hashes to store, in storage order starting at `storedHashIndex(level: 0, n: n)`, when record `n` is added.
    ///
    /// The first is `leafHash`; each further one is a subtree the record completes. Reads up to
    /// log₂ n earlier hashes from `reader`; `TreeFrontier` does the same with no reads.
    public static func storedHashes(forRecord n: Int64, leafHash: TreeHash, reader: some HashReader) throws -> [TreeHash] {
        guard n >= 0, n < maxTreeSize else {
            throw TransparencyError(.invalidArgument, "record index \(n) is out of range")
        }
        // Each trailing 1 bit of n closes a subtree whose left sibling is already stored.
        let merges = (n + 1).trailingZeroBitCount
        var indexes = [Int64](repeating: 0, count: merges)
        for i in 0..<merges {
            // Sorted increasing: the smallest (level 0) sibling is stored last.
            indexes[merges - 1 - i] = storedHashIndex(level: i, n: (n >> i) - 1)
        }
        let siblings = try read(indexes, from: reader)
        var result = [leafHash]
        result.reserveCapacity(1 + merges)
        var hash = leafHash
        for i in 0..<merges {
            hash = MerkleHash.nodeHash(siblings[merges - 1 - i], hash)
            result.append(hash)
        }
        return result
    }

    /// Reads `indexes`, checking the reader kept its contract.
    static func read(_ indexes: [Int64], from reader: some HashReader) throws -> [TreeHash] {
        if indexes.isEmpty { return [] }
        let hashes = try reader.readHashes(indexes)
        guard hashes.count == indexes.count else {
            throw TransparencyError(.hashNotFound, "asked for \(indexes.count) stored hashes, the reader returned \(hashes.count)")
        }
        return hashes
    }
}
