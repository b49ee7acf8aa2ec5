public import Crypto

/// A 32-byte SHA-256 value naming a Merkle leaf, interior node or tree root.
///
/// Stored inline as four words, so passing, comparing and hashing one never touches the heap:
/// the tree code moves millions of these per second.
public struct TreeHash: Sendable {
    /// The 32 bytes in memory order. Bytes are only ever copied in and out through raw memory,
    /// so the words' numeric values are irrelevant and endianness never matters.
    @usableFromInline
    internal var words: (UInt64, UInt64, UInt64, UInt64)

    /// The number of bytes in a hash.
    public static let byteCount = 32

    /// The all-zero hash (Go's tlog uses it for the empty tree; RFC 9162 does not, see `MerkleHash.emptyRoot`).
    public static let zero = TreeHash(words: (0, 0, 0, 0))

    @inlinable
    internal init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    /// Reads exactly 32 bytes; the caller guarantees the count.
    @inlinable
    internal init(unchecked raw: UnsafeRawBufferPointer) {
        self.words = (
            raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
            raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
            raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
            raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
        )
    }

    /// Creates a hash from exactly 32 bytes; returns nil for any other length.
    @inlinable
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        let fast = bytes.withContiguousStorageIfAvailable { buffer in
            TreeHash(unchecked: UnsafeRawBufferPointer(buffer))
        }
        if let fast {
            self = fast
        } else {
            self = Array(bytes).withUnsafeBytes { TreeHash(unchecked: $0) }
        }
    }

    /// Wraps a swift-crypto SHA-256 digest without copying it through an array.
    @inlinable
    public init(digest: SHA256.Digest) {
        self = digest.withUnsafeBytes { TreeHash(unchecked: $0) }
    }

    /// Calls `body` with the 32 bytes of the hash.
    @inlinable
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let copy = words
        return try Swift.withUnsafeBytes(of: copy) { (raw) throws(E) -> R in try body(raw) }
    }

    /// The 32 bytes of the hash.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }
}

extension TreeHash: Hashable {
    @inlinable
    public static func == (lhs: TreeHash, rhs: TreeHash) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1
            && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
