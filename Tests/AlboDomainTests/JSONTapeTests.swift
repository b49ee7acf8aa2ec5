import Testing
@testable import AlboDomain

@Suite("JSONTape")
struct JSONTapeTests {
    // MARK: - Same acceptance and errors as JSONParser

    /// Every text JSONParserTests names, and the cases the tape handles in its own way
    /// (duplicate keys past the pairwise limit, escaped and canonically equivalent keys).
    static let texts: [String] = [
        #"{"id":"x","seq":7,"data":{"ok":true,"none":null,"list":[1,-2.5,"é"]}}"#,
        #"{"a":1,}"#, " \t\r\n[ 1 ,\t2 ]\r\n ", "\u{0C}1", "1\u{0B}", "\u{A0}1", "[1,\u{2028}2]", "\u{FEFF}1",
        #"{"caseId":"A","x":1,"caseId":"B"}"#, #"{"d":{"k":1,"k":1}}"#, #"[{"k":1},{"k":2}]"#, #"{"a":1,"\u0061":2}"#,
        #"{"a" 1}"#, #"{a:1}"#, #"{"a":1"#, "[1,]", "[1 2]", "[", "{", #"{"a":}"#,
        #""\"\\\/\b\f\n\r\t\u00e9\u00C9\u0000\u20ac""#, #""\x""#, #""\u12g4""#, #""\u12"#,
        #""\ud83d\ude00 \uD83C\uDDEE""#, #""\ud800""#, #""\udc00""#, #""\ud83dx""#, #""\ud83d\u0041""#, #""\ude00\ud83d""#,
        "\"a\tb\"", "\"\u{0}\"", "\"\u{1F}\"", "\"a\\tb\u{7F}\"", "\"e\u{301} \u{E9} \u{65E5} \u{1F600} \u{10FFFF} \u{2028}\"",
        #"[1,"abc"#, #"[1,"a\nbc"#, "0", "-0", "42", "-17", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "-9223372036854775809", "100000000000000000000000", "1.0", "1e2", "1E+2", "-0.0",
        "2.5e-3", "1e-400", "0.1", "01", "-01", "00", "-00.5", "007", "1.", ".5", "+1", "1e", "1e+", "-", "--1",
        "1.e3", "0x10", "-a", "NaN", "Infinity", "1_000", "1e400", "[-1e400]", "[true,false,null]", "tru", "nul",
        "nulL", "fals", "[truE]", "True", "{} x", "1 2", "{}}", "[]]", #""a""b""#, "null,", "", " \n", "{}  \n",
        String(repeating: "[", count: 64) + String(repeating: "]", count: 64),
        String(repeating: "[", count: 65) + String(repeating: "]", count: 65),
        String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65),
        String(repeating: #"{"a":"#, count: 64) + "1" + String(repeating: "}", count: 64),
        // Duplicates: escaped, canonically equivalent (Swift strings compare é and e + U+0301
        // equal, and U+212A KELVIN SIGN equal to K), past 16 members, with an error after them.
        #"{"\u00e9":1,"e\u0301":2}"#, "{\"\u{E9}\":1,\"e\u{301}\":2}", "{\"K\":1,\"\u{212A}\":2}", #"{"K":1,"\u212a":2}"#,
        "{" + (0..<20).map { #""k\#($0)":\#($0)"# }.joined(separator: ",") + "}",
        "{" + (0..<20).map { #""k\#($0)":\#($0)"# }.joined(separator: ",") + #","k3":0}"#,
        "{" + (0..<16).map { #""k\#($0)":\#($0)"# }.joined(separator: ",") + #","k15":0}"#,
        "{" + (0..<15).map { #""k\#($0)":\#($0)"# }.joined(separator: ",") + #","k14":0}"#,
        "{" + (0..<20).map { #""k\#($0)":\#($0)"# }.joined(separator: ",") + #","k\u0033":0}"#,
        #"{"a":1,"a":2,"b":x}"#, #"{"a":1,"b":{"a":1},"a":2}"#, #"{"\u0000":1,"\u0000":1}"#, #"{"":1,"":2}"#,
        #"{"x":{"y":[{"z":1,"z":2}]}}"#, #"{"k":1,"K":2}"#, #"{"ab":1,"a\u0062":2}"#,
    ]

    @Test func texts_sameVerdictAndError() {
        var tape = JSONTape()
        for text in Self.texts {
            let problem = TapeOracle.disagreement(Array(text.utf8), tape: &tape)
            #expect(problem == nil, "\(String(reflecting: text)): \(problem ?? "")")
        }
    }

    @Test func invalidUTF8_sameVerdictAndError() {
        let sequences: [[UInt8]] = [
            [0xC3, 0x28], [0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xF0, 0x9F, 0x98], [0xFF], [0xF0, 0x9F, 0x98, 0x80],
        ]
        var tape = JSONTape()
        for sequence in sequences {
            for text in [[0x22] + sequence + [0x22], Array(#"{"k":""#.utf8) + sequence + Array(#""}"#.utf8),
                         [0x7B, 0x22] + sequence + Array(#"":1}"#.utf8)] {
                let problem = TapeOracle.disagreement(text, tape: &tape)
                #expect(problem == nil, "\(text): \(problem ?? "")")
            }
        }
    }

    // MARK: - Navigation

    @Test func nodes_linkContainersAndRecordRanges() throws {
        let text = #" {"b":[1,{"x":null}],"a":"t\u00e9","c":-2.5,"d":true} "#
        var tape = JSONTape()
        try tape.parse(Array(text.utf8))
        #expect(tape.kind(0) == .object && tape.count(0) == 4 && tape.after(0) == tape.nodes.count)
        let members = Array(tape.members(of: 0))
        #expect(members.map { tape.string($0.key) } == ["b", "a", "c", "d"])
        let list = try #require(tape.member("b", in: 0))
        #expect(tape.kind(list) == .array && tape.count(list) == 2)
        #expect(tape.after(list) == members[1].key, "the skip link jumps the whole array")
        #expect(Array(tape.elements(of: list)).map(tape.kind) == [.integer, .object])
        let a = try #require(tape.member("a", in: 0))
        #expect(tape.hasEscapes(a) && tape.string(a) == "t\u{E9}")
        #expect(tape.byteRange(a).count == #""t\u00e9""#.utf8.count)
        #expect(tape.number(try #require(tape.member("c", in: 0))) == -2.5)
        #expect(tape.integer(try #require(tape.member("c", in: 0))) == nil)
        #expect(tape.kind(try #require(tape.member(Array("d".utf8), in: 0))) == .true)
        #expect(tape.member("z", in: 0) == nil && tape.member("a", in: list) == nil)
        #expect(Array(text.utf8)[tape.byteRange(0)].first == UInt8(ascii: "{"))
        #expect(Array(text.utf8)[tape.byteRange(0)].last == UInt8(ascii: "}"))
    }

    @Test func member_findsEscapedKeys() throws {
        var tape = JSONTape()
        try tape.parse(Array(#"{"\u0063aseId":"X","n":-0}"#.utf8))
        #expect(tape.member("caseId", in: 0).flatMap(tape.string) == "X")
        #expect(tape.member("n", in: 0).flatMap(tape.integer) == 0)
    }

    @Test func failedParse_leavesTheTapeEmpty_andTheTapeIsReusable() throws {
        var tape = JSONTape()
        try tape.parse(Array(#"{"a":[1,2,3]}"#.utf8))
        #expect(throws: JSONSyntaxError.self) { try tape.parse(Array(#"{"a":[1,2,3}"#.utf8)) }
        #expect(tape.nodes.isEmpty)
        #expect(CanonicalJSON.encode(tape: tape).isEmpty)
        let sink = ViolationSink(line: 1)
        #expect(EventDecoder.decode(tape: tape, sink: sink) == nil && sink.items.map(\.rule) == ["json"])
        try tape.parse(Array("[7]".utf8))
        #expect(tape.nodes.count == 2 && tape.integer(1) == 7)
    }

    @Test func reparsing_keepsCapacity() throws {
        let line = Array(#"{"id":"x","data":{"caseId":"TRE-1","person":"P-1","list":[1,2,3]}}"#.utf8)
        var tape = JSONTape()
        try tape.parse(line)
        let nodes = tape.nodes.capacity
        let bytes = tape.bytes.capacity
        for _ in 0..<100 { try tape.parse(line) }
        #expect(tape.nodes.capacity == nodes && tape.bytes.capacity == bytes)
    }

    // MARK: - Canonical bytes with a replaced member

    @Test func canonical_replacingOneMember() throws {
        var tape = JSONTape()
        try tape.parse(Array(#"{"reason":"x","\u0065ventId":"ABC","n":{"eventId":"keep"}}"#.utf8))
        var out: [UInt8] = []
        CanonicalJSON.append(tape: tape, node: 0, replacing: "eventId", with: "abc\"", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"{"eventId":"abc\"","n":{"eventId":"keep"},"reason":"x"}"#)
    }
}
