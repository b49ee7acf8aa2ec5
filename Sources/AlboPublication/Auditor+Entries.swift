import Transparency

extension Auditor {
    /// Checks every entry in [from, checkpoint.size): each entry's leaf hash is the one in the
    /// level-0 hash tile, and the entries appended to the tree of `from` entries (whose root is
    /// `fromRoot`) give the checkpoint's root. Fetches a batch of bundles at a time.
    func checkEntries(from: Int64, fromRoot: TreeHash, checkpoint cp: Checkpoint, reader: inout TileHashReader) async throws -> Int64 {
        try await fetchTiles(for: { try TreeFrontier(size: from, reader: $0) }, into: &reader)
        var frontier = try TreeFrontier(size: from, reader: reader)
        guard frontier.root == fromRoot else {
            throw PublicationError(.inconsistent, "the hash tiles at \(source.location) do not give the root of the \(from) entries verified before")
        }
        let bundles = Tile.tiles(level: nil, treeSize: cp.size, fromIndex: from / Int64(Tile.width))
        var checked: Int64 = 0
        var start = 0
        while start < bundles.count {
            let batch = Array(bundles[start..<min(start + 64, bundles.count)])
            start += batch.count
            let hashTiles = batch.map { Tile(level: 0, index: $0.index, count: $0.count) }
            let fetched = try await fetchAll(batch + hashTiles)
            let byTile = Dictionary(fetched, uniquingKeysWith: { first, _ in first })
            for bundle in batch {
                guard let data = byTile[bundle], let hashData = byTile[Tile(level: 0, index: bundle.index, count: bundle.count)] else { continue }
                let entries = try parse { try EntryBundle.entries(data, tile: bundle) }
                let hashes = try parse { try TileHashReader.parse(hashData, tile: Tile(level: 0, index: bundle.index, count: bundle.count)) }
                for (i, entry) in entries.enumerated() {
                    let seq = bundle.index * Int64(Tile.width) + Int64(i)
                    guard seq >= from else { continue }
                    let leaf = MerkleHash.leafHash(entry)
                    guard leaf == hashes[i] else {
                        throw PublicationError(.inconsistent, "entry \(seq) in \(bundle.path) hashes to \(leaf.hex), its hash tile says \(hashes[i].hex)")
                    }
                    frontier.append(leaf: leaf)
                    checked += 1
                }
            }
        }
        guard frontier.root == cp.rootHash else {
            throw PublicationError(.inconsistent, "the entries at \(source.location) give root \(frontier.root.base64), not the checkpoint's \(cp.rootHash.base64)")
        }
        return checked
    }
}
