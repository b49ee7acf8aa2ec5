// C2SP tlog-tiles: the tree is cut into tiles of height 8. A hash tile at level L holds up to
// 256 consecutive node hashes of tree level 8·L; an entry bundle holds up to 256 entries.
//   tile/<L>/<N>[.p/<W>]        hash tile
//   tile/entries/<N>[.p/<W>]    entry bundle
// N is written in groups of three digits, all but the last prefixed with "x":
// 1234067 → x001/x234/067. W (1…255) marks a partial tile at the right edge of the tree.

/// One tile of a C2SP tlog-tiles tree: a hash tile (level ≥ 0) or an entry bundle.
public struct Tile: Hashable, Sendable, CustomStringConvertible {
    /// The number of hashes (or entries) in a full tile: 2⁸.
    public static let width = 256
    /// The tile height in tree levels.
    public static let height = 8

    /// The tile level: hashes of tree level 8·level; nil for an entry bundle.
    public let level: Int?
    /// The tile index within its level, counted from the left.
    public let index: Int64
    /// How many hashes or entries it holds: 256 for a full tile, fewer at the tree's right edge.
    public let count: Int

    /// A hash tile at `level`.
    public init(level: Int, index: Int64, count: Int) {
        self.level = level
        self.index = index
        self.count = count
    }

    /// An entry bundle.
    public init(entriesIndex index: Int64, count: Int) {
        self.level = nil
        self.index = index
        self.count = count
    }

    /// Whether the tile is full (never changes again once written).
    public var isFull: Bool { count == Tile.width }

    /// The path of the tile under the log's prefix, e.g. `tile/0/x001/234.p/5`.
    public var path: String {
        var path = "tile/" + (level.map(String.init) ?? "entries") + "/" + Tile.encode(index)
        if !isFull { path += ".p/\(count)" }
        return path
    }

    public var description: String { path }

    /// The tiles a tree of `size` entries has at `level` (nil: the entry bundles), from tile `fromIndex` on.
    public static func tiles(level: Int?, treeSize size: Int64, fromIndex: Int64 = 0) -> [Tile] {
        let nodes = size >> (height * (level ?? 0))
        var tiles: [Tile] = []
        var index = fromIndex
        while index * Int64(width) < nodes {
            let count = Int(min(Int64(width), nodes - index * Int64(width)))
            tiles.append(level.map { Tile(level: $0, index: index, count: count) } ?? Tile(entriesIndex: index, count: count))
            index += 1
        }
        return tiles
    }

    /// The tile at `level` (nil: entries) holding node (or entry) `node`, as cut for a tree of `size` entries.
    public static func containing(node: Int64, level: Int?, treeSize size: Int64) -> Tile {
        let nodes = size >> (height * (level ?? 0))
        let index = node / Int64(width)
        let count = Int(min(Int64(width), nodes - index * Int64(width)))
        return level.map { Tile(level: $0, index: index, count: count) } ?? Tile(entriesIndex: index, count: count)
    }

    /// The highest level holding at least one hash for a tree of `size` entries (0 for an empty tree).
    public static func topLevel(treeSize size: Int64) -> Int {
        var level = 0
        while size >> (height * (level + 1)) > 0 { level += 1 }
        return level
    }

    /// N in groups of three digits, e.g. 1234067 → x001/x234/067, 5 → 005.
    static func encode(_ n: Int64) -> String {
        var digits = String(n)
        let padded = (digits.count + 2) / 3 * 3
        digits = String(repeating: "0", count: padded - digits.count) + digits
        var groups: [Substring] = []
        var start = digits.startIndex
        while start < digits.endIndex {
            let end = digits.index(start, offsetBy: 3)
            groups.append(digits[start..<end])
            start = end
        }
        return groups.enumerated().map { i, g in i == groups.count - 1 ? String(g) : "x" + g }.joined(separator: "/")
    }
}
