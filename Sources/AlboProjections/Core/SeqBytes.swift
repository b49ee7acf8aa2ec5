/// Big-endian 8-byte integers in projection keys and values: their byte order is their
/// numeric order, so a temporal table's rows of one entity sort by seq.
enum SeqBytes {
    /// The 8 big-endian bytes of `value`.
    static func bytes(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    /// The big-endian UInt64 at `offset` in `buffer`; nil if it is shorter.
    static func uint64(_ buffer: UnsafeRawBufferPointer, at offset: Int = 0) -> UInt64? {
        guard buffer.count >= offset + 8 else { return nil }
        return UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
