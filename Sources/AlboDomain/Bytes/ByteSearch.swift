import Glibc

/// Finding a byte string inside stored bytes: `memchr` to each candidate first byte, then
/// `memcmp` there (glibc's `memmem` is not visible to Swift). For prefilters that decide,
/// from a record's or a row's bytes, whether decoding it can matter.
public enum ByteSearch {
    /// The offset of the first `needle` in `haystack`; nil when it is absent or empty.
    public static func offset(of needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int? {
        guard let first = needle.first, let base = haystack.baseAddress, haystack.count >= needle.count else { return nil }
        let end = base + (haystack.count - needle.count + 1)
        var p = base
        while p < end, let hit = memchr(p, Int32(first), end - p) {
            if memcmp(hit, needle, needle.count) == 0 { return UnsafeRawPointer(hit) - base }
            p = UnsafeRawPointer(hit) + 1
        }
        return nil
    }

    /// Whether `needle` (not empty) occurs in `haystack`.
    public static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        offset(of: needle, in: haystack) != nil
    }
}
