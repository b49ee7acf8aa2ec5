public import Transparency
import LMDB

extension LogSnapshot {
    /// Calls `body` with the leaf hash of each record in `range`, in order, read from the
    /// stored tree with one cursor (no record is read or hashed): the publisher's hash tiles.
    public func forEachLeafHash(in range: Range<UInt64>, _ body: (UInt64, TreeHash) throws -> Void) throws {
        guard !range.isEmpty else { return }
        guard range.upperBound <= size else {
            throw LogError(.badProofRequest, "records \(range) go past the log's \(size) events")
        }
        var n = Int64(range.lowerBound)
        var leafIndex = MerkleTree.storedHashIndex(level: 0, n: n)
        try txn.withCursor(ledger.db.tree) { c in
            var entry = try BigEndian.withBytes(UInt64(leafIndex)) { try c.seek($0) }
            while n < Int64(range.upperBound) {
                guard let e = entry, let index = BigEndian.uint64(e.key).map(Int64.init), index <= leafIndex else {
                    throw LogError(.corrupt, "tree hash \(leafIndex) (the leaf of seq \(n)) is missing")
                }
                if index == leafIndex {
                    guard let hash = TreeHash(bytes: e.value) else { throw LogError(.corrupt, "tree hash \(index) is not 32 bytes") }
                    try body(UInt64(n), hash)
                    // Record n stores its leaf and the 0…k subtrees it completes, then record n + 1's leaf.
                    leafIndex += 1 + Int64((n + 1).trailingZeroBitCount)
                    n += 1
                }
                entry = try c.next()
            }
        }
    }
}
