// Any stored hash of a tree is either in a hash tile (tree levels 0, 8, 16, …) or the root
// of a complete subtree of the nodes of one tile, folded from them: the way Go's tlog reads
// proofs from tiles. A client plans with `IndexRecorder`, fetches the tiles it names, then
// runs the same proof code over a `TileHashReader`.

/// Reads stored hashes of the tree of `treeSize` entries from hash tiles already fetched.
public struct TileHashReader: HashReader, Sendable {
    /// The tree size the tiles were cut for.
    public let treeSize: Int64
    /// The hashes of each fetched tile.
    public var tiles: [Tile: [TreeHash]]

    /// A reader over `tiles` of the tree of `treeSize` entries.
    public init(treeSize: Int64, tiles: [Tile: [TreeHash]] = [:]) {
        self.treeSize = treeSize
        self.tiles = tiles
    }

    /// The tiles holding the stored hashes at `indexes`, for a tree of `treeSize` entries.
    public static func tiles(for indexes: some Sequence<Int64>, treeSize: Int64) -> Set<Tile> {
        Set(indexes.map { index in
            let (level, n) = MerkleTree.splitStoredHashIndex(index)
            let tileLevel = level / Tile.height
            return Tile.containing(node: n << (level % Tile.height), level: tileLevel, treeSize: treeSize)
        })
    }

    public func readHashes(_ indexes: [Int64]) throws -> [TreeHash] {
        try indexes.map { index in
            let (level, n) = MerkleTree.splitStoredHashIndex(index)
            let tileLevel = level / Tile.height
            let k = level % Tile.height
            let first = n << k
            let last = (n + 1) << k
            guard last <= treeSize >> (Tile.height * tileLevel) else {
                throw TransparencyError(.hashNotFound, "the node \(n) at tree level \(level) is not complete in a tree of \(treeSize) entries")
            }
            let tile = Tile.containing(node: first, level: tileLevel, treeSize: treeSize)
            guard let hashes = tiles[tile] else {
                throw TransparencyError(.hashNotFound, "tile \(tile.path) was not fetched")
            }
            let start = Int(first - tile.index * Int64(Tile.width))
            let end = Int(last - tile.index * Int64(Tile.width))
            guard end <= hashes.count else {
                throw TransparencyError(.hashNotFound, "tile \(tile.path) holds \(hashes.count) hashes, fewer than its path says")
            }
            return Self.fold(hashes[start..<end])
        }
    }

    /// The root of a complete subtree given its 2^k leaves (here: nodes of one tile level).
    static func fold(_ nodes: ArraySlice<TreeHash>) -> TreeHash {
        var level = Array(nodes)
        while level.count > 1 {
            level = stride(from: 0, to: level.count, by: 2).map { MerkleHash.nodeHash(level[$0], level[$0 + 1]) }
        }
        return level[0]
    }

    /// Parses a hash tile's bytes: `count` hashes of 32 bytes, nothing else.
    public static func parse(_ data: [UInt8], tile: Tile) throws -> [TreeHash] {
        guard data.count == tile.count * TreeHash.byteCount else {
            throw TransparencyError(.malformedProof, "tile \(tile.path) has \(data.count) bytes, not \(tile.count) hashes of 32 bytes")
        }
        return (0..<tile.count).compactMap { TreeHash(bytes: data[($0 * 32)..<($0 * 32 + 32)]) }
    }
}

/// A `HashReader` that answers zeros and remembers what was asked: the planning pass before fetching tiles.
public final class IndexRecorder: HashReader {
    /// Every index asked for, in order.
    public private(set) var indexes: [Int64] = []

    /// An empty recorder.
    public init() {}

    public func readHashes(_ indexes: [Int64]) throws -> [TreeHash] {
        self.indexes += indexes
        return indexes.map { _ in TreeHash.zero }
    }
}
