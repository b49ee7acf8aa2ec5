import AlboDomain

/// SplitMix64 (Steele, Lea & Flood 2014): seeded and identical on every platform and Swift
/// version, unlike the standard library's `random(in:using:)` algorithms.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Event-like JSON values full of what canonicalisation can get wrong.
enum JSONTestCorpus {
    /// Pieces of text: accents (pre- and decomposed), CJK, astral and multi-scalar emoji,
    /// U+2028/2029, BOM, private use, DEL, and every character JSON must or may escape.
    static let textPieces: [String] = [
        "a", "Z", "0", " ", "Trecate", "Novara", "op-01", "caf\u{E9}", "e\u{301}", "Citt\u{E0}", "Stra\u{DF}e",
        "\u{65E5}\u{672C}\u{8A9E}", "\u{20AC}", "\u{1F600}", "\u{1F44D}\u{1F3FD}", "\u{1F1EE}\u{1F1F9}",
        "\u{10FFFF}", "\u{10000}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFD}", "\u{FFFF}", "\u{E000}",
        "\u{FB33}", "\u{7F}", "\u{80}", "\"", "\\", "/", "\u{0}", "\u{8}", "\u{9}", "\u{A}", "\u{B}", "\u{C}",
        "\u{D}", "\u{1B}", "\u{1F}", "<>&'", "%s", "\u{5D3}\u{5BC}",
    ]

    /// Keys whose UTF-16 order differs from their scalar order (U+E000–U+FFFF against astral),
    /// prefixes of one another, digits, the empty key, and keys that need escaping.
    static let keys: [String] = [
        "id", "type", "recordedBy", "caseId", "person", "protocolId", "desk", "targetGroup", "referredBy",
        "openedOn", "amountCents", "", "1", "10", "2", "A", "a", "aa", "\r", "\u{0}", "\u{80}", "\u{F6}",
        "\u{20AC}", "\u{FB33}", "\u{E000}", "\u{FFFD}", "\u{FFFF}", "\u{1F600}", "\u{10000}", "a\u{FFFF}",
        "a\u{10000}", "a\u{E000}b", "a\u{1F600}", "citt\u{E0}", "\u{65E5}\u{672C}", "key\"quote", "back\\slash",
        "tab\tkey", "line\u{2028}sep",
    ]

    static func events(count: Int, seed: UInt64) -> [JSONValue] {
        var rng = SplitMix64(state: seed)
        return (0..<count).map { event(&rng, seq: $0) }
    }

    static func event(_ rng: inout SplitMix64, seq: Int) -> JSONValue {
        var data: [String: JSONValue] = [:]
        for _ in 0..<(8 + rng.below(18)) { data[rng.pick(keys)] = value(&rng, depth: 2) }
        return .object([
            "id": .string(String(rng.next(), radix: 16)),
            "type": .string(rng.pick(["CaseOpened", "PlacementConfirmed", "ProtocolSigned", "EventVoided"])),
            "recordedBy": .string(text(&rng)),
            "seq": .integer(Int64(seq)),
            "stream": .string("case:TRE-\(seq)"),
            "version": .integer(Int64(1 + rng.below(9))),
            "recordedAt": .string("2024-03-0\(1 + rng.below(9))T10:00:00.000Z"),
            "data": .object(data),
        ])
    }

    static func value(_ rng: inout SplitMix64, depth: Int) -> JSONValue {
        switch rng.below(depth >= 5 ? 9 : 11) {
        case 0...3: .string(text(&rng))
        case 4, 5: .integer(integer(&rng))
        case 6: .number(double(&rng))
        case 7: .bool(rng.chance(50))
        case 8: .null
        case 9: .array((0..<rng.below(5)).map { _ in value(&rng, depth: depth + 1) })
        default:
            .object(Dictionary((0..<rng.below(6)).map { _ in (rng.pick(keys), value(&rng, depth: depth + 1)) },
                               uniquingKeysWith: { first, _ in first }))
        }
    }

    static func text(_ rng: inout SplitMix64) -> String {
        (0..<rng.below(12)).map { _ in rng.pick(textPieces) }.joined()
    }

    /// Integers of every length up to ±(2^53 − 1), the largest a JCS reader keeps exact.
    static func integer(_ rng: inout SplitMix64) -> Int64 {
        let limit: UInt64 = (1 << 53) - 1
        if rng.chance(5) { return rng.chance(50) ? Int64(limit) : -Int64(limit) }
        var bound: UInt64 = 1
        for _ in 0..<rng.below(17) { bound *= 10 }
        let magnitude = min(rng.next() % (bound * 10), limit)
        return rng.chance(30) ? -Int64(magnitude) : Int64(magnitude)
    }

    /// Doubles: arbitrary bit patterns, decimal fractions, integers beyond 2^53, and values at
    /// the ECMAScript layout boundaries (1e21, 1e-7).
    static func double(_ rng: inout SplitMix64) -> Double {
        switch rng.below(6) {
        case 0, 1:
            while true {
                let candidate = Double(bitPattern: rng.next())
                if candidate.isFinite { return candidate }
            }
        case 2: return Double(Int(rng.next() % 10_000_000) - 5_000_000) / 1000
        case 3: return Double(sign: rng.chance(50) ? .minus : .plus, exponent: 53 + rng.below(20), significand: 1 + Double(rng.below(1000)) / 1000)
        case 4: return rng.pick([1e21, 1e20, 9.999999999999999e20, 1e-7, 1e-6, 1.5e-7, 0.1, -0.0, 100, 1e23, .leastNonzeroMagnitude])
        default: return Double(rng.below(1_000_000)) * pow10(rng.below(40) - 20)
        }
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<exponent.magnitude { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }
}

/// Writes JSON that means the same as a value but is deliberately not canonical: shuffled
/// members, stray whitespace, `\u` escapes (surrogate pairs too), `\/`, `-0`, `1E5`.
struct NonCanonicalWriter {
    var rng: SplitMix64
    var out: [UInt8] = []

    mutating func write(_ value: JSONValue) {
        space()
        switch value {
        case .null: emit("null")
        case .bool(let flag): emit(flag ? "true" : "false")
        case .integer(let integer): emit(integer == 0 && rng.chance(30) ? "-0" : String(integer))
        case .number(let number):
            // Swift's description always has a '.' or an exponent, so it re-parses as a number.
            let text = number.description
            emit(rng.chance(30) ? String(text.map { $0 == "e" ? "E" : $0 }) : text)
        case .string(let string): writeString(string)
        case .array(let elements):
            emit("[")
            for (i, element) in elements.enumerated() {
                if i > 0 { space(); emit(",") }
                write(element)
            }
            space()
            emit("]")
        case .object(let members):
            emit("{")
            var shuffled = Array(members)
            for i in shuffled.indices.reversed() where i > 0 { shuffled.swapAt(i, rng.below(i + 1)) }
            for (i, member) in shuffled.enumerated() {
                if i > 0 { space(); emit(",") }
                space()
                writeString(member.key)
                space()
                emit(":")
                write(member.value)
            }
            space()
            emit("}")
        }
        space()
    }

    private mutating func writeString(_ string: String) {
        emit("\"")
        for scalar in string.unicodeScalars {
            let short: String? = switch scalar.value {
            case 0x22: "\\\""
            case 0x5C: "\\\\"
            case 0x08: "\\b"
            case 0x09: "\\t"
            case 0x0A: "\\n"
            case 0x0C: "\\f"
            case 0x0D: "\\r"
            case 0x2F: rng.chance(50) ? "\\/" : "/"
            default: nil
            }
            if let short, rng.chance(70) {
                emit(short)
            } else if scalar.value < 0x20 || short != nil || rng.chance(15) {
                for unit in String(scalar).utf16 { escape(unit) }
            } else {
                emit(String(scalar))
            }
        }
        emit("\"")
    }

    private mutating func escape(_ unit: UInt16) {
        var hex = String(unit, radix: 16, uppercase: rng.chance(50))
        hex = String(repeating: "0", count: 4 - hex.count) + hex
        emit("\\u" + hex)
    }

    private mutating func space() {
        if rng.chance(25) { emit(rng.pick([" ", "\t", "  ", " \t", "\r"])) }
    }

    private mutating func emit(_ text: String) {
        out.append(contentsOf: text.utf8)
    }
}
