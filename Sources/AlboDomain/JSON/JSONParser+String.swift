// MARK: - Strings

extension JSONParser.Reader {
    /// Parses a string whose opening quote is at `index`.
    ///
    /// Strings without escapes — nearly all of them in event payloads — are validated in place
    /// and turned into a `String` in one step from the input bytes.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = index + 1
        var i = start
        while true {
            // Skip plain ASCII eight bytes at a time, then jump to the first byte that matters.
            while i + 8 <= end {
                let flags = JSONWord.attentionBytes(JSONWord.load(bytes, at: i))
                if flags != 0 {
                    i += JSONWord.firstFlagged(flags)
                    break
                }
                i += 8
            }
            guard i < end else { break }
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                index = i + 1
                return makeString(UnsafeBufferPointer(rebasing: bytes[start..<i]))
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start, firstEscape: i) }
            if byte < 0x20 { throw controlCharacter(at: i) }
            i = byte < 0x80 ? i + 1 : try validateUTF8Sequence(at: i)
        }
        throw JSONSyntaxError(offset: index, message: "unterminated string")
    }

    /// Makes a `String` of UTF-8 already validated.
    ///
    /// Up to 15 bytes a Swift string is stored inline, and the initializer that fills that storage
    /// directly is about a third cheaper than `String(decoding:as:)`; most keys and codes fit.
    @inline(__always)
    private func makeString(_ utf8: UnsafeBufferPointer<UInt8>) -> String {
        guard utf8.count <= 15 else { return String(decoding: utf8, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: utf8.count) { storage in
            _ = storage.initialize(fromContentsOf: utf8)
            return utf8.count
        }
    }

    /// The slow path: copies runs between escapes into a buffer, then makes one `String`.
    private mutating func parseEscapedString(from start: Int, firstEscape: Int) throws(JSONSyntaxError) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(firstEscape - start + 32)
        var runStart = start
        var i = firstEscape
        while i < end {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                index = i + 1
                return String(decoding: buffer, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                i = try decodeEscape(at: i, into: &buffer)
                runStart = i
            } else if byte < 0x20 {
                throw controlCharacter(at: i)
            } else {
                i = byte < 0x80 ? i + 1 : try validateUTF8Sequence(at: i)
            }
        }
        throw JSONSyntaxError(offset: start - 1, message: "unterminated string")
    }

    /// Decodes the escape whose backslash is at `i`, appends its UTF-8, returns the next index.
    func decodeEscape(at i: Int, into buffer: inout [UInt8]) throws(JSONSyntaxError) -> Int {
        guard i + 1 < end else { throw JSONSyntaxError(offset: index, message: "unterminated string") }
        let short: UInt8
        switch bytes[i + 1] {
        case UInt8(ascii: "\""): short = 0x22
        case UInt8(ascii: "\\"): short = 0x5C
        case UInt8(ascii: "/"): short = 0x2F
        case UInt8(ascii: "b"): short = 0x08
        case UInt8(ascii: "f"): short = 0x0C
        case UInt8(ascii: "n"): short = 0x0A
        case UInt8(ascii: "r"): short = 0x0D
        case UInt8(ascii: "t"): short = 0x09
        case UInt8(ascii: "u"): return try decodeUnicodeEscape(at: i, into: &buffer)
        default:
            throw JSONSyntaxError(
                offset: i, message: "invalid escape \\\(String(decoding: [bytes[i + 1]], as: UTF8.self))")
        }
        buffer.append(short)
        return i + 2
    }

    /// Decodes `\uXXXX`, joining a high surrogate with the `\uXXXX` low surrogate that must follow.
    private func decodeUnicodeEscape(at i: Int, into buffer: inout [UInt8]) throws(JSONSyntaxError) -> Int {
        let unit = try hexQuad(at: i + 2)
        var scalar = UInt32(unit)
        var next = i + 6
        switch unit {
        case 0xD800...0xDBFF:
            guard next + 1 < end, bytes[next] == UInt8(ascii: "\\"), bytes[next + 1] == UInt8(ascii: "u"),
                case let low = try hexQuad(at: next + 2), (0xDC00...0xDFFF).contains(low)
            else { throw loneSurrogate(unit, at: i) }
            scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            next += 6
        case 0xDC00...0xDFFF:
            throw loneSurrogate(unit, at: i)
        default:
            break
        }
        appendUTF8(scalar, to: &buffer)
        return next
    }

    func hexQuad(at i: Int) throws(JSONSyntaxError) -> UInt16 {
        guard i + 4 <= end else { throw JSONSyntaxError(offset: i - 2, message: "incomplete \\u escape") }
        var value: UInt16 = 0
        for j in i..<(i + 4) {
            let byte = bytes[j]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw JSONSyntaxError(offset: i - 2, message: "invalid \\u escape, expected 4 hex digits")
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private func appendUTF8(_ scalar: UInt32, to buffer: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            buffer.append(UInt8(scalar))
        case 0x80..<0x800:
            buffer.append(UInt8(0xC0 | scalar >> 6))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            buffer.append(UInt8(0xE0 | scalar >> 12))
            buffer.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        default:
            buffer.append(UInt8(0xF0 | scalar >> 18))
            buffer.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            buffer.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    // MARK: UTF-8

    /// Checks the multi-byte sequence starting at `i` (Unicode Table 3-7: no overlong forms,
    /// no surrogates, nothing above U+10FFFF) and returns the index after it.
    @inline(__always)
    func validateUTF8Sequence(at i: Int) throws(JSONSyntaxError) -> Int {
        let lead = bytes[i]
        let length: Int
        // The range the second byte must fall in is what excludes overlongs and surrogates.
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondLow = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondHigh = 0x9F
        case 0xF0: length = 4; secondLow = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondHigh = 0x8F
        default: throw invalidUTF8(at: i)
        }
        guard i + length <= end else { throw invalidUTF8(at: i) }
        let second = bytes[i + 1]
        guard second >= secondLow && second <= secondHigh else { throw invalidUTF8(at: i) }
        for j in (i + 2)..<(i + length) where bytes[j] & 0xC0 != 0x80 {
            throw invalidUTF8(at: i)
        }
        return i + length
    }

    // MARK: Errors

    func invalidUTF8(at i: Int) -> JSONSyntaxError {
        JSONSyntaxError(offset: i, message: "invalid UTF-8 (byte 0x\(JSONSyntaxError.hex2(bytes[i])))")
    }

    func controlCharacter(at i: Int) -> JSONSyntaxError {
        JSONSyntaxError(
            offset: i,
            message: "control character U+00\(JSONSyntaxError.hex2(bytes[i])) in a string must be escaped")
    }

    func loneSurrogate(_ unit: UInt16, at i: Int) -> JSONSyntaxError {
        let hex = String(unit, radix: 16)
        return JSONSyntaxError(offset: i, message: "lone surrogate \\u\(hex), a surrogate must come in a pair")
    }
}
