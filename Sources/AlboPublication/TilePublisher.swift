public import AlboLog
public import Transparency

/// What one publication wrote.
public struct PublishedTiles: Sendable {
    /// The checkpoint the tiles now serve (unsigned).
    public var checkpoint: Checkpoint
    /// The tree size published before, 0 when the directory was new.
    public var previousSize: Int64
    /// How many hash tiles and entry bundles were written (full tiles already present are skipped).
    public var hashTiles = 0
    /// How many entry bundles were written.
    public var entryBundles = 0
}

/// Writes the C2SP tlog-tiles of a log snapshot into a `TileDirectory`, adding only what is new.
///
/// Hash tiles come from the stored tree (leaf hashes by one cursor pass, higher levels by
/// lookup), entry bundles from the stored records' exact bytes; nothing is re-hashed. A tile
/// already present is never rewritten (its name fixes its content once the published root is
/// checked); partial tiles at the right edge are written under their own `.p/<W>` names. The caller replaces the checkpoint after `TileDirectory.sync()`.
public enum TilePublisher {
    /// Writes the tiles (and with `entries` the entry bundles) of `log` not yet in `directory`.
    ///
    /// Refuses a directory that publishes another log (other origin) or a history this log
    /// does not extend (a root that differs at the published size).
    public static func writeTiles(of log: LogSnapshot, to directory: TileDirectory, entries: Bool) throws -> PublishedTiles {
        let size = Int64(log.size)
        let previous = try directory.publishedCheckpoint()?.checkpoint
        var oldSize: Int64 = 0
        if let previous {
            guard previous.origin == log.origin else {
                throw PublicationError(.usage, "\(directory.path) publishes the log \(previous.origin), not \(log.origin); publish to another directory")
            }
            guard previous.size <= size else {
                throw PublicationError(.inconsistent, "\(directory.path) publishes \(previous.size) events but this log holds \(size): it is not this log's history")
            }
            guard try log.rootHash(size: UInt64(previous.size)) == previous.rootHash else {
                throw PublicationError(.inconsistent, "\(directory.path) publishes a tree of \(previous.size) events whose root differs from this log's: another history was published there")
            }
            oldSize = previous.size
        }
        var result = PublishedTiles(checkpoint: try log.checkpoint(), previousSize: oldSize)
        var directories: Set<String> = []
        for level in 0...Tile.topLevel(treeSize: size) where size > 0 {
            let oldNodes = oldSize >> (Tile.height * level)
            let tiles = Tile.tiles(level: level, treeSize: size, fromIndex: oldNodes / Int64(Tile.width))
                .filter { !directory.contains($0) }
            result.hashTiles += tiles.count
            try writeHashTiles(tiles, level: level, log: log, directory: directory, directories: &directories)
        }
        if entries, size > 0 {
            // A directory first published without entries gets every bundle.
            let edge = oldSize > 0 ? Tile.containing(node: oldSize - 1, level: nil, treeSize: oldSize) : nil
            let start = edge.map { directory.contains($0) ? oldSize / Int64(Tile.width) : 0 } ?? 0
            let bundles = Tile.tiles(level: nil, treeSize: size, fromIndex: start).filter { !directory.contains($0) }
            result.entryBundles = bundles.count
            try writeEntryBundles(bundles, log: log, directory: directory, directories: &directories)
        }
        return result
    }

    private static func writeHashTiles(_ tiles: [Tile], level: Int, log: LogSnapshot, directory: TileDirectory, directories: inout Set<String>) throws {
        guard let first = tiles.first, let last = tiles.last else { return }
        if level == 0 {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(Tile.width * TreeHash.byteCount)
            var tileIterator = tiles.makeIterator()
            var tile = tileIterator.next()
            let range = UInt64(first.index) * UInt64(Tile.width)..<(UInt64(last.index) * UInt64(Tile.width) + UInt64(last.count))
            try log.forEachLeafHash(in: range) { seq, hash in
                guard let current = tile else { return }
                if Int64(seq) < current.index * Int64(Tile.width) { return }  // inside a full tile already present
                hash.withUnsafeBytes { bytes.append(contentsOf: $0) }
                if bytes.count == current.count * TreeHash.byteCount {
                    try directory.write(current, bytes, directories: &directories)
                    bytes.removeAll(keepingCapacity: true)
                    tile = tileIterator.next()
                }
            }
            return
        }
        let reader = log.hashes
        for tile in tiles {
            let indexes = (0..<Int64(tile.count)).map {
                MerkleTree.storedHashIndex(level: level * Tile.height, n: tile.index * Int64(Tile.width) + $0)
            }
            let hashes = try reader.readHashes(indexes)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(hashes.count * TreeHash.byteCount)
            for hash in hashes { hash.withUnsafeBytes { bytes.append(contentsOf: $0) } }
            try directory.write(tile, bytes, directories: &directories)
        }
    }

    private static func writeEntryBundles(_ bundles: [Tile], log: LogSnapshot, directory: TileDirectory, directories: inout Set<String>) throws {
        for tile in bundles {
            var bytes: [UInt8] = []
            var failure: (any Error)?
            let start = UInt64(tile.index) * UInt64(Tile.width)
            try log.forEachRecord(in: start..<(start + UInt64(tile.count))) { seq, raw in
                do { try EntryBundle.append(raw, to: &bytes) } catch { failure = failure ?? PublicationError(.io, "event \(seq): \(error)") }
            }
            if let failure { throw failure }
            try directory.write(tile, bytes, directories: &directories)
        }
    }
}
