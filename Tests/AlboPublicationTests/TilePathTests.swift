import Testing
import Transparency

/// C2SP tlog-tiles paths and tile cuts (the examples are the spec's).
@Suite("Tile paths")
struct TilePathTests {
    @Test("N in three-digit groups, all but the last prefixed with x; .p/W for partial tiles")
    func pathEncoding() {
        #expect(Tile(level: 0, index: 1_234_067, count: 256).path == "tile/0/x001/x234/067")
        #expect(Tile(level: 2, index: 5, count: 3).path == "tile/2/005.p/3")
        #expect(Tile(entriesIndex: 1000, count: 256).path == "tile/entries/x001/000")
        #expect(Tile(level: 1, index: 0, count: 256).path == "tile/1/000")
    }

    @Test("a tree of 70,000 entries: 273 full level-0 tiles and a partial one; level 1 holds 273 hashes, level 2 one")
    func cuts() {
        let level0 = Tile.tiles(level: 0, treeSize: 70_000)
        #expect(level0.count == 274 && level0.last?.count == 70_000 - 273 * 256)
        #expect(Tile.tiles(level: 1, treeSize: 70_000).map(\.count) == [256, 17])
        #expect(Tile.tiles(level: 2, treeSize: 70_000).map(\.path) == ["tile/2/000.p/1"])
        #expect(Tile.topLevel(treeSize: 70_000) == 2 && Tile.topLevel(treeSize: 65_535) == 1)
    }
}
