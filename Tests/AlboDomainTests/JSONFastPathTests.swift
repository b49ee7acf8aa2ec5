import Testing
import AlboDomain

/// The parser and the encoder scan strings eight bytes at a time; these tests put every kind of
/// special byte at every position of a word, and across the encoder's buffer boundaries.
@Suite("JSON fast paths")
struct JSONFastPathTests {
    /// A byte-at-a-time JCS string escaper, obviously right, to compare the fast one with.
    static func referenceEscaped(_ s: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for byte in s.utf8 {
            switch byte {
            case 0x22: out += Array(#"\""#.utf8)
            case 0x5C: out += Array(#"\\"#.utf8)
            case 0x08: out += Array(#"\b"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0C: out += Array(#"\f"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0..<0x20: out += Array("\\u00\(byte < 0x10 ? "0" : "1")\(String(byte & 0xF, radix: 16))".utf8)
            default: out.append(byte)
            }
        }
        out.append(0x22)
        return out
    }

    static let specials: [String] = ["\"", "\\", "\u{0}", "\u{1F}", "\n", "\u{7F}", "\u{E9}", "\u{20AC}", "\u{1F600}", " "]

    @Test func encodeString_everySpecialAtEveryPosition() {
        for special in Self.specials {
            for before in 0..<18 {
                for after in [0, 1, 7, 8, 9, 16] {
                    let s = String(repeating: "a", count: before) + special + String(repeating: "b", count: after)
                    var out: [UInt8] = []
                    CanonicalJSON.encodeString(s, to: &out)
                    #expect(out == Self.referenceEscaped(s), "\(before) + \(special.unicodeScalars.map(\.value)) + \(after)")
                }
            }
        }
    }

    @Test func encode_longStringsAndValuesLargerThanTheScratchBuffer() {
        // Lengths around the 170-byte escape chunk and the 1024-byte buffer, escapes everywhere.
        let unit = "ab\u{1}c\"d\\\u{E9}\u{1F600}efgh\n"
        for repeats in [1, 10, 11, 12, 60, 61, 62, 63, 200, 1000] {
            let s = String(repeating: unit, count: repeats)
            #expect(CanonicalJSON.encode(.string(s)) == Self.referenceEscaped(s), "\(repeats) repeats")
            let controls = String(repeating: "\u{1}", count: repeats * 3)
            #expect(CanonicalJSON.encode(.string(controls)) == Self.referenceEscaped(controls))
        }
        let members = (0..<300).map { ("k\($0)", JSONValue.string(String(repeating: "\u{2}", count: $0 % 40))) }
        let object = JSONValue.object(Dictionary(uniqueKeysWithValues: members))
        var expected: [UInt8] = [UInt8(ascii: "{")]
        for (position, (key, value)) in members.sorted(by: { $0.0.utf16.lexicographicallyPrecedes($1.0.utf16) }).enumerated() {
            if position > 0 { expected.append(UInt8(ascii: ",")) }
            expected += Self.referenceEscaped(key) + [UInt8(ascii: ":")] + Self.referenceEscaped(value.stringValue ?? "")
        }
        expected.append(UInt8(ascii: "}"))
        #expect(CanonicalJSON.encode(object) == expected)
    }

    @Test func parse_everySpecialAtEveryPosition() throws {
        for before in 0..<18 {
            for after in [0, 1, 7, 8, 9] {
                let a = String(repeating: "a", count: before)
                let b = String(repeating: "b", count: after)
                // Accepted: escapes and non-ASCII at any offset, with more input after the string.
                for (written, meant) in [(#"\""#, "\""), (#"\u00e9"#, "\u{E9}"), ("\u{E9}", "\u{E9}"), ("\u{1F600}", "\u{1F600}"), ("\u{7F}", "\u{7F}")] {
                    let value = try JSONParser.parse("[\"\(a)\(written)\(b)\", 12345678]")
                    #expect(value == .array([.string(a + meant + b), .integer(12_345_678)]))
                }
                // Refused, and the offset names the offending byte.
                let control = Array("[\"\(a)\u{1}\(b)\"]".utf8)
                #expect(throws: JSONSyntaxError(offset: 2 + before, message: "control character U+0001 in a string must be escaped")) {
                    try JSONParser.parse(control)
                }
                let invalid = Array("[\"\(a)".utf8) + [0xC3, 0x41] + Array("\(b)\"]".utf8)
                #expect(throws: JSONSyntaxError(offset: 2 + before, message: "invalid UTF-8 (byte 0xC3)")) {
                    try JSONParser.parse(invalid)
                }
            }
        }
    }

    @Test func parse_stringRunningToTheEndOfInput() {
        for length in 0..<20 {
            let text = "\"" + String(repeating: "x", count: length)
            #expect(throws: JSONSyntaxError(offset: 0, message: "unterminated string")) { try JSONParser.parse(text) }
            #expect(throws: JSONSyntaxError(offset: 0, message: "unterminated string")) { try JSONParser.parse(text + "\\") }
            #expect(throws: JSONSyntaxError(offset: 0, message: "unterminated string")) { try JSONParser.parse(text + "\\n") }
        }
    }
}
