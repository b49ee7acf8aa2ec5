// C2SP tlog-tiles entry bundle: each entry is a big-endian uint16 length and the entry's bytes.

/// Encoding and decoding of C2SP tlog-tiles entry bundles.
public enum EntryBundle {
    /// The largest entry a bundle can carry: its length must fit in 16 bits.
    public static let maxEntryBytes = Int(UInt16.max)

    /// Appends one entry (length prefix and bytes) to `bundle`; throws if it is too long for a bundle.
    public static func append(_ entry: UnsafeRawBufferPointer, to bundle: inout [UInt8]) throws {
        guard entry.count <= maxEntryBytes else {
            throw TransparencyError(.invalidArgument, "an entry of \(entry.count) bytes is longer than an entry bundle allows (\(maxEntryBytes))")
        }
        bundle.append(UInt8(entry.count >> 8))
        bundle.append(UInt8(entry.count & 0xff))
        bundle.append(contentsOf: entry)
    }

    /// Splits a bundle into its entries; throws unless it holds exactly `count` well-formed entries.
    public static func entries(_ bundle: [UInt8], tile: Tile) throws -> [ArraySlice<UInt8>] {
        var entries: [ArraySlice<UInt8>] = []
        var i = 0
        while i < bundle.count {
            guard i + 2 <= bundle.count else { throw malformed(tile, "it ends inside a length prefix") }
            let length = Int(bundle[i]) << 8 | Int(bundle[i + 1])
            guard i + 2 + length <= bundle.count else { throw malformed(tile, "entry \(entries.count) runs past its end") }
            entries.append(bundle[(i + 2)..<(i + 2 + length)])
            i += 2 + length
        }
        guard entries.count == tile.count else {
            throw malformed(tile, "it holds \(entries.count) entries, its path says \(tile.count)")
        }
        return entries
    }

    private static func malformed(_ tile: Tile, _ why: String) -> TransparencyError {
        TransparencyError(.malformedProof, "entry bundle \(tile.path) is malformed: \(why)")
    }
}
