import Testing
import AlboDomain

/// The error `JSONParser` throws for `text`, or nil when it parses.
private func rejection(_ text: String) -> JSONSyntaxError? {
    rejection(Array(text.utf8))
}

private func rejection(_ bytes: [UInt8]) -> JSONSyntaxError? {
    do {
        _ = try JSONParser.parse(bytes)
        return nil
    } catch {
        return error
    }
}

@Suite("JSONParser")
struct JSONParserTests {
    // MARK: - Values

    @Test func parse_eventLikeObject() throws {
        let value = try JSONParser.parse(#"{"id":"x","seq":7,"data":{"ok":true,"none":null,"list":[1,-2.5,"é"]}}"#)
        #expect(value == .object([
            "id": .string("x"),
            "seq": .integer(7),
            "data": .object(["ok": .bool(true), "none": .null, "list": .array([.integer(1), .number(-2.5), .string("é")])]),
        ]))
    }

    @Test func parse_overloadsAgree_andSliceOffsetsAreRelativeToTheSlice() throws {
        let bytes = Array(#"xx{"a":[1,2]}yy"#.utf8)
        let slice = bytes[2..<(bytes.count - 2)]
        let fromSlice = try JSONParser.parse(slice)
        let fromArray = try JSONParser.parse(Array(slice))
        let fromString = try JSONParser.parse(#"{"a":[1,2]}"#)
        let fromRaw = try Array(slice).withUnsafeBytes { try JSONParser.parse($0) }
        #expect(fromSlice == fromArray && fromArray == fromString && fromString == fromRaw)
        #expect(throws: JSONSyntaxError(offset: 1, message: "unterminated string")) {
            try JSONParser.parse(bytes[2...4])
        }
    }

    @Test func description_namesTheProblemAndTheByte() {
        #expect(rejection(#"{"a":1,}"#)?.description == "unexpected character '}', expected a key in double quotes at byte 7")
    }

    // MARK: - Whitespace

    @Test func whitespace_onlySpaceTabCRLF() throws {
        #expect(try JSONParser.parse(" \t\r\n[ 1 ,\t2 ]\r\n ") == .array([.integer(1), .integer(2)]))
        for bad in ["\u{0C}1", "1\u{0B}", "\u{A0}1", "[1,\u{2028}2]", "\u{FEFF}1"] {
            #expect(rejection(bad) != nil, "accepted \(String(reflecting: bad))")
        }
    }

    // MARK: - Objects

    @Test func duplicateKeys_rejected_evenNested() {
        #expect(rejection(#"{"caseId":"A","x":1,"caseId":"B"}"#) == JSONSyntaxError(offset: 20, message: #"duplicate key "caseId""#))
        #expect(rejection(#"{"d":{"k":1,"k":1}}"#)?.message == #"duplicate key "k""#)
        // The same key in sibling objects is no duplicate.
        #expect(rejection(#"[{"k":1},{"k":2}]"#) == nil)
    }

    @Test func duplicateKeys_matchAfterEscapesAreDecoded() {
        #expect(rejection(#"{"a":1,"\u0061":2}"#)?.message == #"duplicate key "a""#)
    }

    @Test(arguments: [#"{"a" 1}"#, #"{a:1}"#, #"{"a":1,}"#, #"{"a":1"#, "[1,]", "[1 2]", "[", "{", #"{"a":}"#])
    func malformedContainers_rejected(_ text: String) {
        #expect(rejection(text) != nil)
    }

    // MARK: - Strings

    @Test func escapes_decoded() throws {
        let value = try JSONParser.parse(#""\"\\\/\b\f\n\r\t\u00e9\u00C9\u0000\u20ac""#)
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\t\u{E9}\u{C9}\u{0}\u{20AC}"))
        #expect(rejection(#""\x""#)?.message == #"invalid escape \x"#)
        #expect(rejection(#""\u12g4""#)?.message == #"invalid \u escape, expected 4 hex digits"#)
        #expect(rejection(#""\u12"#) != nil)
    }

    @Test func surrogatePairs_joined() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00 \uD83C\uDDEE""#) == .string("\u{1F600} \u{1F1EE}"))
    }

    @Test(arguments: [
        (#""\ud800""#, #"lone surrogate \ud800"#),
        (#""\udc00""#, #"lone surrogate \udc00"#),
        (#""\ud83dx""#, #"lone surrogate \ud83d"#),
        (#""\ud83d\u0041""#, #"lone surrogate \ud83d"#),
        (#""\ude00\ud83d""#, #"lone surrogate \ude00"#),
    ])
    func loneSurrogates_rejected(_ text: String, _ message: String) throws {
        let error = try #require(rejection(text))
        #expect(error.message.hasPrefix(message))
        #expect(error.offset == 1)
    }

    @Test func controlCharacters_mustBeEscaped() {
        #expect(rejection("\"a\tb\"") == JSONSyntaxError(offset: 2, message: "control character U+0009 in a string must be escaped"))
        #expect(rejection("\"\u{0}\"") != nil)
        #expect(rejection("\"\u{1F}\"") != nil)
        #expect(rejection("\"a\\tb\u{7F}\"") == nil, "DEL is not a control character for JSON")
    }

    @Test func validUTF8_keptByteForByte_withoutNormalisation() throws {
        let text = "\"e\u{301} \u{E9} \u{65E5} \u{1F600} \u{10FFFF} \u{2028}\""
        let value = try JSONParser.parse(text)
        #expect(value.stringValue.map { Array($0.utf8) } == Array(text.utf8.dropFirst().dropLast()))
    }

    @Test(arguments: [
        [0x22, 0xC3, 0x28, 0x22],  // lead byte without continuation
        [0x22, 0x80, 0x22],  // stray continuation byte
        [0x22, 0xC0, 0xAF, 0x22],  // overlong '/'
        [0x22, 0xE0, 0x80, 0xAF, 0x22],  // overlong, three bytes
        [0x22, 0xED, 0xA0, 0x80, 0x22],  // UTF-8 encoded surrogate U+D800
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
        [0x22, 0xF0, 0x9F, 0x98, 0x22],  // truncated emoji
        [0x22, 0xFF, 0x22],
    ] as [[UInt8]])
    func invalidUTF8_rejected(_ bytes: [UInt8]) throws {
        let error = try #require(rejection(bytes))
        #expect(error.message.hasPrefix("invalid UTF-8"))
        #expect(error.offset == 1)
        #expect(rejection(Array(#"{"k":"#.utf8) + bytes + [0x7D])?.message.hasPrefix("invalid UTF-8") == true)
    }

    @Test func unterminatedString_pointsAtItsQuote() {
        #expect(rejection(#"[1,"abc"#) == JSONSyntaxError(offset: 3, message: "unterminated string"))
        #expect(rejection(#"[1,"a\nbc"#) == JSONSyntaxError(offset: 3, message: "unterminated string"))
    }

    // MARK: - Numbers

    @Test(arguments: [
        ("0", JSONValue.integer(0)),
        ("-0", .integer(0)),  // pinned: no fraction, no exponent, fits Int64
        ("42", .integer(42)),
        ("-17", .integer(-17)),
        ("9223372036854775807", .integer(Int64.max)),
        ("-9223372036854775808", .integer(Int64.min)),
        ("9223372036854775808", .number(9.223372036854775808e18)),
        ("-9223372036854775809", .number(-9.223372036854775809e18)),
        ("100000000000000000000000", .number(1e23)),
        ("1.0", .number(1)),
        ("1e2", .number(100)),
        ("1E+2", .number(100)),
        ("-0.0", .number(-0.0)),
        ("2.5e-3", .number(0.0025)),
        ("1e-400", .number(0)),
        ("0.1", .number(0.1)),
    ])
    func numbers_integerOnlyWithoutFractionOrExponent(_ text: String, _ expected: JSONValue) throws {
        let value = try JSONParser.parse(text)
        #expect(value == expected)
        #expect(value.typeName == expected.typeName)
    }

    @Test(arguments: ["01", "-01", "00", "-00.5", "007"])
    func leadingZeros_rejected(_ text: String) {
        #expect(rejection(text)?.message == "leading zeros are not allowed")
    }

    @Test(arguments: ["1.", ".5", "+1", "1e", "1e+", "-", "--1", "1.e3", "0x10", "-a", "NaN", "Infinity", "1_000"])
    func malformedNumbers_rejected(_ text: String) {
        #expect(rejection(text) != nil)
    }

    @Test func numbersBeyondDouble_rejected() {
        #expect(rejection("1e400") == JSONSyntaxError(offset: 0, message: "number 1e400 is out of range for a 64-bit float"))
        // A huge number is quoted by a short excerpt, not whole.
        let huge = rejection(String(repeating: "9", count: 100_000))
        #expect(huge.map { $0.message.count < 160 && $0.message.contains("(100000 characters)") } == true)
        #expect(rejection("[-1e400]")?.offset == 1)
    }

    // MARK: - Literals, nesting, trailing bytes

    @Test func literals() throws {
        #expect(try JSONParser.parse("[true,false,null]") == .array([.bool(true), .bool(false), .null]))
        for bad in ["tru", "nul", "nulL", "fals", "[truE]"] {
            #expect(rejection(bad)?.message.hasPrefix("invalid literal") == true, "accepted \(bad)")
        }
        #expect(rejection("True")?.message == "unexpected character 'T', expected a value")
    }

    @Test func nesting_limitIs64() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONParser.parse(ok) }
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(rejection(deep) == JSONSyntaxError(offset: 64, message: "nesting deeper than 64 arrays and objects"))
        let objects = String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65)
        #expect(rejection(objects)?.message == "nesting deeper than 64 arrays and objects")
        let objectsOK = String(repeating: #"{"a":"#, count: 64) + "1" + String(repeating: "}", count: 64)
        #expect(rejection(objectsOK) == nil)
    }

    @Test(arguments: ["{} x", "1 2", "{}}", "[]]", #""a""b""#, "null,"])
    func trailingCharacters_rejected(_ text: String) {
        #expect(rejection(text)?.message == "trailing characters after the value")
    }

    @Test func emptyInput_rejected() throws {
        #expect(rejection("")?.message == "empty input, expected a JSON value")
        #expect(throws: JSONSyntaxError(offset: 0, message: "empty input, expected a JSON value")) {
            try JSONParser.parse(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        #expect(rejection(" \n")?.message == "empty input, expected a JSON value")
        #expect(try JSONParser.parse("{}  \n") == .object([:]))
    }
}
