import Testing
@testable import AlboDomain

/// The canonical form of `value` as text, for readable expectations.
private func canonical(_ value: JSONValue) -> String {
    String(decoding: CanonicalJSON.encode(value), as: UTF8.self)
}

@Suite("CanonicalJSON")
struct CanonicalJSONTests {
    // MARK: - RFC 8785's own examples

    /// RFC 8785 §3.2.2, the sample input and its canonical output.
    @Test func rfc8785_sampleObject() throws {
        let input = #"""
            {
              "numbers": [333333333.33333329, 1E30, 4.50,
                          2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        let expected = #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(CanonicalJSON.encode(try JSONParser.parse(input)) == Array(expected.utf8))
    }

    /// RFC 8785 Appendix B: IEEE 754 bit patterns and their ECMAScript strings.
    @Test(arguments: [
        (0x0000_0000_0000_0000 as UInt64, "0"),
        (0x8000_0000_0000_0000, "0"),
        (0x0000_0000_0000_0001, "5e-324"),
        (0x8000_0000_0000_0001, "-5e-324"),
        (0x7FEF_FFFF_FFFF_FFFF, "1.7976931348623157e+308"),
        (0xFFEF_FFFF_FFFF_FFFF, "-1.7976931348623157e+308"),
        (0x4340_0000_0000_0000, "9007199254740992"),
        (0xC340_0000_0000_0000, "-9007199254740992"),
        (0x4430_0000_0000_0000, "295147905179352830000"),
        (0x44B5_2D02_C7E1_4AF5, "9.999999999999997e+22"),
        (0x44B5_2D02_C7E1_4AF6, "1e+23"),
        (0x44B5_2D02_C7E1_4AF7, "1.0000000000000001e+23"),
        (0x444B_1AE4_D6E2_EF4E, "999999999999999700000"),
        (0x444B_1AE4_D6E2_EF4F, "999999999999999900000"),
        (0x444B_1AE4_D6E2_EF50, "1e+21"),
        (0x3EB0_C6F7_A0B5_ED8C, "9.999999999999997e-7"),
        (0x3EB0_C6F7_A0B5_ED8D, "0.000001"),
        (0x41B3_DE43_5555_5553, "333333333.3333332"),
        (0x41B3_DE43_5555_5554, "333333333.33333325"),
        (0x41B3_DE43_5555_5555, "333333333.3333333"),
        (0x41B3_DE43_5555_5556, "333333333.3333334"),
        (0x41B3_DE43_5555_5557, "333333333.33333343"),
        (0xBECB_F647_612F_3696, "-0.0000033333333333333333"),
        (0x4314_3FF3_C1CB_0959, "1424953923781206.2"),
    ])
    func rfc8785_numberTable(_ bits: UInt64, _ expected: String) {
        #expect(canonical(.number(Double(bitPattern: bits))) == expected)
    }

    /// RFC 8785 §3.2.3: keys sort by UTF-16 code units, so U+FB33 comes after the emoji.
    @Test func rfc8785_sortingExample() throws {
        let input = #"""
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """#
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\","
            + "\"\u{F6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20AC}\":\"Euro Sign\","
            + "\"\u{1F600}\":\"Emoji: Grinning Face\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(CanonicalJSON.encode(try JSONParser.parse(input)) == Array(expected.utf8))
    }

    // MARK: - Key order

    @Test func keyOrder_isUTF16CodeUnitOrder_notScalarOrder() {
        let keys = [
            "", "1", "10", "2", "A", "a", "aa", "\r", "\u{0}", "\u{7F}", "\u{80}", "\u{F6}", "\u{7FF}", "\u{800}",
            "\u{20AC}", "\u{D7FF}", "\u{E000}", "\u{FB33}", "\u{FFFD}", "\u{FFFF}", "\u{10000}", "\u{1F600}",
            "\u{10FFFF}", "a\u{FFFF}", "a\u{10000}", "a\u{E000}b", "a\u{1F600}", "e\u{301}", "\u{E9}",
        ]
        for a in keys {
            for b in keys {
                let utf16 = a.utf16.lexicographicallyPrecedes(b.utf16)
                #expect(CanonicalJSON.keyPrecedes(a, b) == utf16, "\(a.unicodeScalars.map(\.value)) vs \(b.unicodeScalars.map(\.value))")
            }
        }
        // The case Swift's own `<` gets wrong for JCS: U+FB33 > U+1F600 in UTF-16.
        #expect(canonical(.object(["\u{FB33}": .integer(1), "\u{1F600}": .integer(2)])) == "{\"\u{1F600}\":2,\"\u{FB33}\":1}")
    }

    // MARK: - Strings

    @Test func strings_escapeOnlyQuoteBackslashAndControls() {
        var expected = "\""
        for byte in 0..<0x20 {
            switch byte {
            case 0x08: expected += "\\b"
            case 0x09: expected += "\\t"
            case 0x0A: expected += "\\n"
            case 0x0C: expected += "\\f"
            case 0x0D: expected += "\\r"
            default: expected += "\\u00" + (byte < 0x10 ? "0" : "1") + String(byte & 0xF, radix: 16)
            }
        }
        expected += "\""
        let controls = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)
        #expect(canonical(.string(controls)) == expected)
        #expect(canonical(.string("\"\\/")) == #""\"\\/""#)
        let raw = "\u{7F} \u{2028}\u{2029} \u{E9}e\u{301} \u{65E5} \u{1F600} \u{FEFF}"
        #expect(CanonicalJSON.encode(.string(raw)) == Array("\"\(raw)\"".utf8))
    }

    @Test func encodeString_appendsToTheBuffer() {
        var out = Array("x".utf8)
        CanonicalJSON.encodeString("a\"b", to: &out)
        #expect(out == Array(#"x"a\"b""#.utf8))
    }

    // MARK: - Numbers

    @Test(arguments: [
        (Int64(0), "0"), (-1, "-1"), (123_456_789, "123456789"),
        (9_007_199_254_740_991, "9007199254740991"), (9_007_199_254_740_992, "9007199254740992"),
        (-9_007_199_254_740_992, "-9007199254740992"),
        // Beyond 2^53 a JCS reader holds a Double: write the Double the integer rounds to.
        (9_007_199_254_740_993, "9007199254740992"),
        (Int64.max, "9223372036854776000"), (Int64.min, "-9223372036854776000"),
    ])
    func integers(_ value: Int64, _ expected: String) {
        #expect(canonical(.integer(value)) == expected)
    }

    @Test(arguments: [
        (1e21, "1e+21"), (1e20, "100000000000000000000"), (123e18, "123000000000000000000"),
        (1.5e-7, "1.5e-7"), (1e-7, "1e-7"), (1e-6, "0.000001"), (1.25e-6, "0.00000125"),
        (123.456, "123.456"), (-0.0, "0"), (0.1, "0.1"), (100.0, "100"), (-2.5, "-2.5"),
        (1e16, "10000000000000000"), (12345678.9, "12345678.9"), (1.5e300, "1.5e+300"),
    ])
    func doubles_es6Layout(_ value: Double, _ expected: String) {
        #expect(canonical(.number(value)) == expected)
    }

    /// Pinned: a non-finite Double cannot come from the parser; built in code, it writes `null`
    /// as ECMAScript's JSON.stringify does, rather than crashing the process.
    @Test func nonFinite_writesNull() {
        #expect(canonical(.array([.number(.nan), .number(.infinity), .number(-.infinity)])) == "[null,null,null]")
    }

    // MARK: - Structure

    @Test func containers_noWhitespace_membersSorted() {
        let value: JSONValue = .object([
            "b": .array([]), "a": .object([:]), "c": .array([.null, .bool(false), .object(["z": .integer(1), "y": .string("")])]),
        ])
        #expect(canonical(value) == #"{"a":{},"b":[],"c":[null,false,{"y":"","z":1}]}"#)
    }

    @Test func append_keepsWhatTheBufferHeld() {
        var out = Array("prefix:".utf8)
        CanonicalJSON.append(.array([.integer(1)]), to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "prefix:[1]")
    }
}
