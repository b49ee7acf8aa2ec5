/// The right edge of a tree: the roots of its complete subtrees, largest first, one per set bit of the size.
///
/// An appender keeps one in memory while writing a batch: each append then costs one leaf plus
/// on average one node hash and no reads, and yields exactly the hashes to store, in storage order.
public struct TreeFrontier: Hashable, Sendable {
    /// The number of leaves in the tree.
    public private(set) var size: Int64
    /// The complete-subtree roots from left to right: one per set bit of `size`, the most significant first.
    public private(set) var subtreeRoots: [TreeHash]

    /// The frontier of the empty tree.
    public init() {
        size = 0
        subtreeRoots = []
    }

    /// A frontier from known subtree roots; `subtreeRoots.count` must equal the number of set bits of `size`.
    public init(size: Int64, subtreeRoots: [TreeHash]) throws {
        guard size >= 0, size <= MerkleTree.maxTreeSize else {
            throw TransparencyError(.invalidArgument, "tree size \(size) is out of range")
        }
        guard subtreeRoots.count == size.nonzeroBitCount else {
            throw TransparencyError(.invalidArgument, "a tree of size \(size) has \(size.nonzeroBitCount) complete subtrees on its right edge, not \(subtreeRoots.count)")
        }
        self.size = size
        self.subtreeRoots = subtreeRoots
    }

    /// Loads the frontier of the tree of `size` leaves with a single read of at most log₂ size hashes.
    public init(size: Int64, reader: some HashReader) throws {
        guard size >= 0, size <= MerkleTree.maxTreeSize else {
            throw TransparencyError(.invalidArgument, "tree size \(size) is out of range")
        }
        let hashes = try MerkleTree.read(MerkleTree.subtreeIndexes(lo: 0, hi: size), from: reader)
        try self.init(size: size, subtreeRoots: hashes)
    }

    /// Appends a leaf and returns the hashes to store for it: the leaf, then each subtree it completes.
    @discardableResult
    public mutating func append(leaf: TreeHash) -> [TreeHash] {
        var stored: [TreeHash] = []
        stored.reserveCapacity(1 + (size + 1).trailingZeroBitCount)
        append(leaf: leaf, into: &stored)
        return stored
    }

    /// Appends a leaf, adding the hashes to store to `stored`.
    ///
    /// Consecutive records' stored hashes are contiguous, so a batch can collect them all in
    /// one array and write them from `storedHashIndex(level: 0, n: firstRecord)` on.
    public mutating func append(leaf: TreeHash, into stored: inout [TreeHash]) {
        precondition(size < MerkleTree.maxTreeSize, "tree is full")
        stored.append(leaf)
        var hash = leaf
        // Each trailing 1 bit of the old size is a subtree of equal height that this leaf completes.
        for _ in 0..<(~size).trailingZeroBitCount {
            hash = MerkleHash.nodeHash(subtreeRoots.removeLast(), hash)
            stored.append(hash)
        }
        subtreeRoots.append(hash)
        size += 1
    }

    /// The RFC 9162 root of the tree: the subtree roots folded from the right; `MerkleHash.emptyRoot` when empty.
    public var root: TreeHash {
        guard var hash = subtreeRoots.last else { return MerkleHash.emptyRoot }
        for left in subtreeRoots.dropLast().reversed() {
            hash = MerkleHash.nodeHash(left, hash)
        }
        return hash
    }
}
