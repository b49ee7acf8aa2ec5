import AlboDomain

/// Compares the tape with the reference parser and writer on one input.
enum TapeOracle {
    /// nil when `JSONTape` and `JSONParser` agree on `bytes` — both refuse it with the same
    /// error, or both accept it and the tape's value and canonical bytes are the reference's —
    /// else what differs.
    static func disagreement(_ bytes: [UInt8], tape: inout JSONTape) -> String? {
        let reference: Result<JSONValue, JSONSyntaxError> = Result { () throws(JSONSyntaxError) in try JSONParser.parse(bytes) }
        let ours: Result<Void, JSONSyntaxError> = Result { () throws(JSONSyntaxError) in try tape.parse(bytes) }
        switch (reference, ours) {
        case (.failure(let expected), .failure(let got)):
            return expected == got ? nil : "errors differ: parser \(expected), tape \(got)"
        case (.failure(let expected), .success):
            return "tape accepts what the parser refuses (\(expected))"
        case (.success, .failure(let got)):
            return "tape refuses what the parser accepts (\(got))"
        case (.success(let value), .success):
            if !JSONStructure.same(tape.value(tape.root), value, strictNumbers: true) {
                return "tape value differs from the parser's"
            }
            let expected = CanonicalJSON.encode(value)
            let got = CanonicalJSON.encode(tape: tape)
            if got != expected {
                return "canonical bytes differ:\n  tape:   \(String(decoding: got, as: UTF8.self))\n  parser: \(String(decoding: expected, as: UTF8.self))"
            }
            if tape.nodes.count != nodeCount(value) || tape.after(tape.root) != tape.nodes.count {
                return "tape has \(tape.nodes.count) nodes for a value of \(nodeCount(value))"
            }
            return nil
        }
    }

    /// Nodes a value takes on a tape: one per value, plus one per object key.
    static func nodeCount(_ value: JSONValue) -> Int {
        switch value {
        case .array(let elements): 1 + elements.map(nodeCount).reduce(0, +)
        case .object(let members): 1 + members.values.map { 1 + nodeCount($0) }.reduce(0, +)
        default: 1
        }
    }
}

/// Byte-level mutations of valid JSON: every kind of damage a parser must notice or survive.
struct JSONMutator {
    var rng: SplitMix64

    static let interesting: [[UInt8]] = [
        [0x22], [0x5C], [0x7B], [0x7D], [0x5B], [0x5D], [0x2C], [0x3A], [0x20], [0x30], [0x2D], [0x2E], [0x65],
        [0x75], [0x0A], [0x09], [0x00], [0x7F], [0x80], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90], [0xFF], [0x61],
        Array("true".utf8), Array("null".utf8), Array(#"\u"#.utf8), Array(#"\ud800"#.utf8), Array(#"\udc00"#.utf8),
        Array(#"\u0041"#.utf8), Array(#"\/"#.utf8), Array("1e400".utf8), Array("01".utf8), Array("-0".utf8),
        Array("1.0".utf8), Array("9223372036854775808".utf8), Array("\u{E9}".utf8), Array("e\u{301}".utf8),
    ]

    /// Keys to plant as duplicates: plain, escaped, and canonically equivalent spellings.
    static let plantedKeys: [String] = [
        #""id""#, #""type""#, #""caseId""#, #""\u0069d""#, #""a""#, #""\u0061""#, #""\u00e9""#, #""e\u0301""#,
        "\"\u{E9}\"", "\"e\u{301}\"", #""K""#, #""\u212a""#, #""data""#, #""""#, #""1""#, #""\r""#, #""\u000d""#,
    ]

    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + rng.below(3)) {
            let at = bytes.isEmpty ? 0 : rng.below(bytes.count + 1)
            switch rng.below(7) {
            case 0 where !bytes.isEmpty && at < bytes.count:
                bytes.replaceSubrange(at..<(at + 1), with: rng.pick(Self.interesting))
            case 1 where !bytes.isEmpty:
                bytes.removeSubrange(at..<min(bytes.count, at + 1 + rng.below(4)))
            case 2:
                bytes.insert(contentsOf: rng.pick(Self.interesting), at: at)
            case 3 where !bytes.isEmpty:
                let start = rng.below(bytes.count)
                let piece = bytes[start..<min(bytes.count, start + 1 + rng.below(24))]
                bytes.insert(contentsOf: piece, at: at)
            case 4:
                bytes.removeSubrange(min(at, bytes.count)...)
            default:
                // A member right after an opening brace, often a duplicate of one already there.
                let braces = bytes.indices.filter { bytes[$0] == UInt8(ascii: "{") }
                guard let brace = braces.isEmpty ? nil : rng.pick(braces) else { continue }
                let member = rng.pick(Self.plantedKeys) + ":" + rng.pick(["1", "null", #""x""#, "{}"]) + ","
                bytes.insert(contentsOf: Array(member.utf8), at: brace + 1)
            }
        }
        return bytes
    }
}
