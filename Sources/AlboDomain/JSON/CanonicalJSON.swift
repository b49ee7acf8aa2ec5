/// RFC 8785 JSON Canonicalization Scheme (JCS): the exact bytes Albo stores and hashes.
///
/// Object members are sorted by the UTF-16 code units of their keys, strings are escaped as
/// ECMAScript's `JSON.stringify` does, and numbers are written as ECMAScript's
/// `Number.prototype.toString`. There is no whitespace.
public enum CanonicalJSON {
    /// The canonical bytes of `value`.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        append(value, to: &out)
        return out
    }

    /// Appends the canonical bytes of `value` to `out`.
    public static func append(_ value: JSONValue, to out: inout [UInt8]) {
        withWriter(appendingTo: &out) { $0.write(value) }
    }

    /// Appends `s` as a JCS string: quoted, with only `"`, `\` and U+0000–U+001F escaped.
    public static func encodeString(_ s: String, to out: inout [UInt8]) {
        withWriter(appendingTo: &out) { $0.write(s) }
    }

    /// Runs `body` with a writer whose bytes end up appended to `out`.
    ///
    /// The writer fills a stack buffer and hands it to `out` in a few large appends, because
    /// appending byte by byte to an `Array` checks capacity and uniqueness on every call.
    static func withWriter(appendingTo out: inout [UInt8], _ body: (inout Writer) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Writer.scratchSize) { scratch in
            var writer = Writer(scratch: scratch)
            swap(&writer.out, &out)
            body(&writer)
            writer.flush()
            swap(&writer.out, &out)
        }
    }

    /// Whether key `a` sorts before key `b` in UTF-16 code unit order, as RFC 8785 §3.2.3 requires.
    static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { utf8A in b.withUTF8 { utf8B in utf16Precedes(utf8A, utf8B) } }
    }

    /// Compares two UTF-8 strings in UTF-16 order without transcoding.
    ///
    /// UTF-8 byte order is code point order, and UTF-16 order differs from it only when a
    /// code point in U+E000–U+FFFF (lead byte EE or EF) meets a supplementary one (lead byte
    /// F0–F4): UTF-16 writes the latter with surrogates D800–DFFF, which sort first. The first
    /// differing byte is a lead byte in exactly those cases, since continuation bytes are 80–BF.
    static func utf16Precedes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = min(a.count, b.count)
        var i = 0
        while i < count {
            let x = a[i]
            let y = b[i]
            if x != y { return utf16OrderByte(x) < utf16OrderByte(y) }
            i += 1
        }
        return a.count < b.count
    }

    /// Remaps UTF-8 lead bytes so that byte order becomes UTF-16 order: F0–F4 move below EE–EF.
    @inline(__always)
    static func utf16OrderByte(_ byte: UInt8) -> UInt8 {
        guard byte >= 0xEE else { return byte }
        return byte >= 0xF0 ? byte &- 2 : byte &+ 5
    }
}
