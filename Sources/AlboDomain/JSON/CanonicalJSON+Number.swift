// MARK: - Numbers

extension CanonicalJSON {
    /// The largest magnitude below which every integer is exactly a Double, hence printed as is.
    private static let exactIntegerLimit: UInt64 = 1 << 53

    /// Integers within ±2^53 print as plain decimals, as ECMAScript prints them; beyond that a
    /// JCS reader sees a Double, so the value is written as the Double it rounds to.
    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        let magnitude = value.magnitude
        guard magnitude <= exactIntegerLimit else {
            appendNumber(Double(value), to: &out)
            return
        }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        appendDecimal(magnitude, to: &out)
    }

    private static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        // Digits come out least significant first: write them, then reverse them in place.
        let start = out.count
        var rest = value
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        out[start...].reverse()
    }

    /// Writes a Double as ECMAScript `Number.prototype.toString` does (RFC 8785 §3.2.2.3).
    ///
    /// Swift's `description` already gives the shortest digits that round-trip, picking the
    /// closest when several do, which is what ECMAScript requires; only the layout differs.
    /// NaN and infinities cannot come from ``JSONParser``; should code build one, it is
    /// written as `null`, as `JSON.stringify` does.
    static func appendNumber(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else {
            appendLiteral("null", to: &out)
            return
        }
        if value == 0 {
            out.append(UInt8(ascii: "0"))  // -0 too
            return
        }
        if value < 0 { out.append(UInt8(ascii: "-")) }

        // Read the description as digits d1...dk and an exponent n with value = 0.d1...dk × 10^n.
        var digits: [UInt8] = []
        digits.reserveCapacity(24)
        var pointPosition: Int?
        var exponent = 0
        var exponentNegative = false
        var inExponent = false
        for byte in value.magnitude.description.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    digits.append(byte)
                }
            case UInt8(ascii: "."): pointPosition = digits.count
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "-"): exponentNegative = true
            default: break  // "+"
            }
        }
        var n = (pointPosition ?? digits.count) + (exponentNegative ? -exponent : exponent)
        let leadingZeros = digits.prefix { $0 == UInt8(ascii: "0") }.count
        n -= leadingZeros
        let trailingZeros = digits.reversed().prefix { $0 == UInt8(ascii: "0") }.count
        let significant = digits[leadingZeros..<(digits.count - trailingZeros)]
        let k = significant.count

        if k <= n && n <= 21 {
            out.append(contentsOf: significant)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - k))
        } else if 0 < n && n <= 21 {
            out.append(contentsOf: significant.prefix(n))
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: significant.dropFirst(n))
        } else if -6 < n && n <= 0 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
            out.append(contentsOf: significant)
        } else {
            out.append(significant[significant.startIndex])
            if k > 1 {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: significant.dropFirst())
            }
            out.append(UInt8(ascii: "e"))
            out.append(n - 1 < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            appendDecimal(UInt64((n - 1).magnitude), to: &out)
        }
    }
}
