/// Big-endian fixed-width keys: their byte order is their numeric order, which is
/// what lets LMDB append them with `MDB_APPEND` and scan them in sequence.
public enum BigEndian {
    /// The 8 big-endian bytes of `value`.
    @inline(__always)
    public static func bytes(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    /// Calls `body` with the 8 big-endian bytes of `value`, without allocating.
    @inline(__always)
    public static func withBytes<T>(_ value: UInt64, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try withUnsafeBytes(of: value.bigEndian, body)
    }

    /// Reads a big-endian UInt64 from the first 8 bytes of `buffer`; nil if it is shorter.
    @inline(__always)
    public static func uint64(_ buffer: UnsafeRawBufferPointer, at offset: Int = 0) -> UInt64? {
        guard buffer.count >= offset + 8 else { return nil }
        return UInt64(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Reads a big-endian UInt64 from the first 8 bytes of `bytes`; nil if it is shorter.
    public static func uint64(_ bytes: [UInt8]) -> UInt64? {
        bytes.withUnsafeBytes { uint64($0) }
    }
}
