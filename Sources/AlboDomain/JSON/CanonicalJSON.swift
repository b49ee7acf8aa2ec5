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
        switch value {
        case .null:
            appendLiteral("null", to: &out)
        case .bool(let flag):
            appendLiteral(flag ? "true" : "false", to: &out)
        case .integer(let integer):
            appendInteger(integer, to: &out)
        case .number(let number):
            appendNumber(number, to: &out)
        case .string(let string):
            encodeString(string, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                append(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            appendObject(members, to: &out)
        }
    }

    /// Appends `s` as a JCS string: quoted, with only `"`, `\` and U+0000–U+001F escaped.
    public static func encodeString(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { appendEscaped($0, to: &out) }
    }

    // MARK: - Objects

    private static func appendObject(_ members: [String: JSONValue], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var sorted = Array(members)
        sorted.sort { keyPrecedes($0.key, $1.key) }
        var first = true
        for (key, value) in sorted {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            encodeString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            append(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
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
            if x != y {
                if x >= 0xF0 && y >= 0xEE && y <= 0xEF { return true }
                if y >= 0xF0 && x >= 0xEE && x <= 0xEF { return false }
                return x < y
            }
            i += 1
        }
        return a.count < b.count
    }

    // MARK: - Strings

    private static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        for i in 0..<utf8.count {
            let byte = utf8[i]
            // Everything else, U+2028, U+2029 and DEL included, is copied as raw UTF-8.
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
            runStart = i + 1
            out.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            default:
                out.append(UInt8(ascii: "u"))
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: byte < 0x10 ? "0" : "1"))
                out.append(lowercaseHexDigit(byte & 0x0F))
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        out.append(UInt8(ascii: "\""))
    }

    private static func lowercaseHexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    static func appendLiteral(_ literal: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
