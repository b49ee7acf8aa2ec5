/// Reads stored tree hashes by their stored hash index (see `MerkleTree.storedHashIndex(level:n:)`).
///
/// Implementations must return exactly one hash per requested index, in the requested order,
/// or throw (an index not yet stored is an error, not a zero hash). Indexes may come in any
/// order; each operation makes a single call of at most about 2·log₂(size) indexes.
public protocol HashReader {
    /// Returns the hashes stored at `indexes`, in the same order.
    func readHashes(_ indexes: [Int64]) throws -> [TreeHash]
}

/// Stored hashes kept in an array, in storage order: for tests, and for verifiers that rebuild a tree in memory.
public struct MemoryHashStore: HashReader, Sendable {
    /// Every stored hash, position = stored hash index.
    public private(set) var hashes: [TreeHash]
    /// The number of records appended.
    public private(set) var treeSize: Int64
    private var frontier: TreeFrontier

    /// Creates an empty store.
    public init() {
        hashes = []
        treeSize = 0
        frontier = TreeFrontier()
    }

    /// Creates a store holding the tree of `leafHashes`, in order.
    public init(leafHashes: some Sequence<TreeHash>) {
        self.init()
        for leaf in leafHashes { append(leafHash: leaf) }
    }

    /// Appends the next record's leaf hash and the hashes of the subtrees it completes.
    public mutating func append(leafHash: TreeHash) {
        frontier.append(leaf: leafHash, into: &hashes)
        treeSize += 1
    }

    /// The RFC 9162 root of all appended records.
    public var root: TreeHash { frontier.root }

    public func readHashes(_ indexes: [Int64]) throws -> [TreeHash] {
        try indexes.map { index in
            guard index >= 0, index < Int64(hashes.count) else {
                throw TransparencyError(.hashNotFound, "stored hash \(index) does not exist: the store holds \(hashes.count) hashes")
            }
            return hashes[Int(index)]
        }
    }
}
