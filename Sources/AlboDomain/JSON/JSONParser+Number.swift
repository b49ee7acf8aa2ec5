// MARK: - Numbers

extension JSONParser.Reader {
    /// Parses `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` starting at `index`.
    ///
    /// Integers are accumulated while scanning, so the common case never builds a string;
    /// only fractions, exponents and integers beyond `Int64` go through `Double(_:)`,
    /// which rounds correctly, as every other JCS implementation's parser does.
    mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        var i = index
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard i < end, isDigit(bytes[i]) else { throw digitExpected(at: i, after: "'-'") }

        var magnitude: UInt64 = 0
        var overflow = false
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < end && isDigit(bytes[i]) {
                throw JSONSyntaxError(offset: start, message: "leading zeros are not allowed")
            }
        } else {
            while i < end, isDigit(bytes[i]) {
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[i] - UInt8(ascii: "0")))
                magnitude = sum
                overflow = overflow || o1 || o2
                i += 1
            }
        }

        var isInteger = true
        if i < end && bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < end, isDigit(bytes[i]) else { throw digitExpected(at: i, after: "the decimal point") }
            while i < end, isDigit(bytes[i]) { i += 1 }
        }
        if i < end && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            isInteger = false
            i += 1
            if i < end && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < end, isDigit(bytes[i]) else { throw digitExpected(at: i, after: "the exponent mark") }
            while i < end, isDigit(bytes[i]) { i += 1 }
        }
        index = i

        if isInteger && !overflow {
            if !negative && magnitude <= UInt64(Int64.max) { return .integer(Int64(magnitude)) }
            // -0 has no Int64 of its own: it is .integer(0), which JCS writes as "0" anyway.
            if negative && magnitude <= UInt64(Int64.max) + 1 { return .integer(Int64(truncatingIfNeeded: 0 &- magnitude)) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            // A 100,000-digit number is quoted by its start only.
            let shown = text.utf8.count > Excerpt.limit ? "\(Excerpt.of(text)) (\(text.utf8.count) characters)" : text
            throw JSONSyntaxError(offset: start, message: "number \(shown) is out of range for a 64-bit float")
        }
        return .number(value)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    private func digitExpected(at i: Int, after place: String) -> JSONSyntaxError {
        if i < end {
            return JSONSyntaxError(
                offset: i, message: "unexpected character \(JSONSyntaxError.show(bytes[i])), expected a digit after \(place)")
        }
        return JSONSyntaxError(offset: i, message: "unexpected end of input, expected a digit after \(place)")
    }
}
