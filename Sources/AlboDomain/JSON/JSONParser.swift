/// A strict RFC 8259 parser with the I-JSON restrictions (RFC 7493), over UTF-8 bytes.
///
/// It refuses what a ledger must never store ambiguously: duplicate keys, invalid UTF-8,
/// lone surrogates, unescaped control characters, non-JSON whitespace, nesting deeper than
/// ``maximumDepth``, numbers outside the range of a 64-bit float, and anything after the value.
/// A number written without fraction or exponent that fits `Int64` becomes `.integer`
/// (so `-0` is `.integer(0)`); every other number becomes `.number`.
public enum JSONParser {
    /// The deepest nesting of arrays and objects accepted; a top-level container is depth 1.
    public static let maximumDepth = 64

    /// Parses one JSON text from raw UTF-8 bytes (no byte order mark).
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withMemoryRebound(to: UInt8.self) { (buffer) throws(JSONSyntaxError) -> JSONValue in
            var reader = Reader(buffer)
            return try reader.parseDocument()
        }
    }

    /// Parses one JSON text from UTF-8 bytes.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBytes { result(of: $0) }.get()
    }

    /// Parses one JSON text from UTF-8 bytes, such as one line of an NDJSON buffer.
    public static func parse(_ bytes: ArraySlice<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBytes { result(of: $0) }.get()
    }

    /// Parses one JSON text held in a string.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        var text = text
        return try text.withUTF8 { result(of: UnsafeRawBufferPointer($0)) }.get()
    }

    // The standard library's `withUnsafeBytes` only rethrows untyped errors, so the typed
    // error crosses the closure as a Result.
    private static func result(of bytes: UnsafeRawBufferPointer) -> Result<JSONValue, JSONSyntaxError> {
        do throws(JSONSyntaxError) {
            return .success(try parse(bytes))
        } catch {
            return .failure(error)
        }
    }
}

// MARK: - Reader

extension JSONParser {
    /// A cursor over the input; it indexes bytes directly, never through `String`.
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        let end: Int
        var index = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            self.end = bytes.count
        }

        mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
            skipWhitespace()
            guard index < end else {
                throw JSONSyntaxError(offset: index, message: "empty input, expected a JSON value")
            }
            let value = try parseValue(depth: 0)
            skipWhitespace()
            guard index == end else {
                throw JSONSyntaxError(offset: index, message: "trailing characters after the value")
            }
            return value
        }

        /// Skips the four whitespace bytes RFC 8259 allows, and nothing else.
        @inline(__always)
        mutating func skipWhitespace() {
            while index < end {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        /// `depth` counts the containers that enclose the value.
        mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            guard index < end else { throw endOfInput("a value") }
            switch bytes[index] {
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
            case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
            case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
            case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
            case UInt8(ascii: "n"): try parseLiteral("null"); return .null
            default: throw unexpected("a value")
            }
        }

        mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            try checkDepth(depth)
            index += 1
            skipWhitespace()
            var members: [String: JSONValue] = [:]
            if index < end && bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            // Event payloads have a dozen or two members: start big enough to skip most regrowths.
            members.reserveCapacity(16)
            while true {
                guard index < end else { throw endOfInput("a key in double quotes") }
                guard bytes[index] == UInt8(ascii: "\"") else { throw unexpected("a key in double quotes") }
                let keyOffset = index
                let key = try parseString()
                skipWhitespace()
                guard index < end else { throw endOfInput("':' after the key") }
                guard bytes[index] == UInt8(ascii: ":") else { throw unexpected("':' after the key") }
                index += 1
                skipWhitespace()
                let value = try parseValue(depth: depth)
                // One hash lookup both stores the member and detects the duplicate.
                if members.updateValue(value, forKey: key) != nil {
                    throw JSONSyntaxError(offset: keyOffset, message: "duplicate key \(String(reflecting: key))")
                }
                skipWhitespace()
                guard index < end else { throw endOfInput("',' or '}'") }
                switch bytes[index] {
                case UInt8(ascii: ","):
                    index += 1
                    skipWhitespace()
                case UInt8(ascii: "}"):
                    index += 1
                    return .object(members)
                default:
                    throw unexpected("',' or '}'")
                }
            }
        }

        mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            try checkDepth(depth)
            index += 1
            skipWhitespace()
            var elements: [JSONValue] = []
            if index < end && bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            elements.reserveCapacity(4)
            while true {
                elements.append(try parseValue(depth: depth))
                skipWhitespace()
                guard index < end else { throw endOfInput("',' or ']'") }
                switch bytes[index] {
                case UInt8(ascii: ","):
                    index += 1
                    skipWhitespace()
                case UInt8(ascii: "]"):
                    index += 1
                    return .array(elements)
                default:
                    throw unexpected("',' or ']'")
                }
            }
        }

        mutating func parseLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
            let start = index
            let count = literal.utf8CodeUnitCount
            let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
            for i in 0..<count where start + i >= end || bytes[start + i] != expected[i] {
                throw JSONSyntaxError(offset: start, message: "invalid literal, expected '\(literal)'")
            }
            index = start + count
        }

        func checkDepth(_ depth: Int) throws(JSONSyntaxError) {
            if depth > JSONParser.maximumDepth {
                throw JSONSyntaxError(
                    offset: index, message: "nesting deeper than \(JSONParser.maximumDepth) arrays and objects")
            }
        }

        // MARK: Errors

        func unexpected(_ expectation: String) -> JSONSyntaxError {
            JSONSyntaxError(
                offset: index,
                message: "unexpected character \(JSONSyntaxError.show(bytes[index])), expected \(expectation)")
        }

        func endOfInput(_ expectation: String) -> JSONSyntaxError {
            JSONSyntaxError(offset: index, message: "unexpected end of input, expected \(expectation)")
        }
    }
}
