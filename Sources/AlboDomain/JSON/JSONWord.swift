/// Eight-bytes-at-a-time scans for the string fast paths (SWAR, "SIMD within a register").
///
/// A mask has the high bit set in each flagged byte. Only the lowest flag is exact (borrows
/// can add false flags above a true one), which is all the callers use: they jump to the first
/// byte that needs them and look at it alone.
enum JSONWord {
    static var ones: UInt64 { 0x0101_0101_0101_0101 }
    static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// The eight bytes at `offset`, the first one in the low bits whatever the platform's order.
    @inline(__always)
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        // Callers check offset + 8 <= count, so the buffer is not empty and has a base address.
        UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped + offset)
            .loadUnaligned(as: UInt64.self))
    }

    /// The `count` < 8 bytes at `offset` as a word, zero-padded; for tails a full load would overrun.
    @inline(__always)
    static func loadPartial(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, count: Int) -> UInt64 {
        var word: UInt64 = 0
        withUnsafeMutableBytes(of: &word) {
            $0.copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[offset..<(offset + count)])))
        }
        return UInt64(littleEndian: word)
    }

    /// Whether two byte buffers hold the same bytes, compared eight at a time (the domain module
    /// imports no C library, so no `memcmp`; Array's `==` compares byte by byte).
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var i = 0
        while i + 8 <= a.count {
            if load(a, at: i) != load(b, at: i) { return false }
            i += 8
        }
        while i < a.count {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// The position (0–7) of the first flagged byte of a non-zero mask.
    @inline(__always)
    static func firstFlagged(_ mask: UInt64) -> Int {
        mask.trailingZeroBitCount >> 3
    }

    /// Flags zero bytes.
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highBits
    }

    /// Flags the bytes JCS output must escape: `"`, `\` and those below 0x20.
    @inline(__always)
    static func escapeBytes(_ word: UInt64) -> UInt64 {
        ((word &- ones &* 0x20) & ~word & highBits) | zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C))
    }

    /// Flags the bytes the parser must look at: those `escapeBytes` flags, plus non-ASCII
    /// bytes, whose UTF-8 it validates.
    @inline(__always)
    static func attentionBytes(_ word: UInt64) -> UInt64 {
        (word & highBits) | escapeBytes(word)
    }
}
