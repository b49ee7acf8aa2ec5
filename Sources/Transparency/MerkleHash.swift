import Crypto

/// The RFC 9162 §2.1 hash functions: leaf, interior node and empty tree.
public enum MerkleHash {
    /// The root of the empty tree, SHA-256 of no bytes (RFC 9162 §2.1.1).
    public static let emptyRoot: TreeHash = TreeHash(digest: SHA256().finalize())

    /// SHA-256(0x00 ‖ data): the hash of a log record.
    public static func leafHash(_ data: UnsafeRawBufferPointer) -> TreeHash {
        // The 0x00 prefix is what separates leaves from nodes (second-preimage resistance).
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x00)) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: data)
        return TreeHash(digest: hasher.finalize())
    }

    /// SHA-256(0x00 ‖ data) for any byte sequence; contiguous storage is hashed in place.
    @inlinable
    public static func leafHash(_ data: some Sequence<UInt8>) -> TreeHash {
        if let hash = data.withContiguousStorageIfAvailable({ leafHash(UnsafeRawBufferPointer($0)) }) {
            return hash
        }
        return Array(data).withUnsafeBytes { leafHash($0) }
    }

    /// SHA-256(0x01 ‖ left ‖ right): the hash of an interior node.
    public static func nodeHash(_ left: TreeHash, _ right: TreeHash) -> TreeHash {
        // One 65-byte stack buffer and a single update: the full-log verifier computes
        // about a million of these per second, so avoid extra calls into BoringSSL.
        withUnsafeTemporaryAllocation(byteCount: 1 + 2 * TreeHash.byteCount, alignment: 8) { buffer in
            buffer[0] = 0x01
            left.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[1..<33]).copyMemory(from: $0) }
            right.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[33..<65]).copyMemory(from: $0) }
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
            return TreeHash(digest: hasher.finalize())
        }
    }
}
