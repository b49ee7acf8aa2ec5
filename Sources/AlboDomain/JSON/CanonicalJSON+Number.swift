// MARK: - Numbers

extension CanonicalJSON.Writer {
    /// The largest magnitude up to which every integer is exactly a Double, hence printed as is.
    private static var exactIntegerLimit: UInt64 { 1 << 53 }

    /// Integers within ±2^53 print as plain decimals, as ECMAScript prints them; beyond that a
    /// JCS reader sees a Double, so the value is written as the Double it rounds to.
    mutating func write(_ integer: Int64) {
        let magnitude = integer.magnitude
        guard magnitude <= Self.exactIntegerLimit else {
            write(Double(integer))
            return
        }
        if integer < 0 { put(UInt8(ascii: "-")) }
        writeDecimal(magnitude)
    }

    /// Writes a Double as ECMAScript `Number.prototype.toString` does (RFC 8785 §3.2.2.3).
    ///
    /// Swift's `description` already gives the shortest digits that round-trip, picking the
    /// closest when several do, which is what ECMAScript requires; only the layout differs.
    /// NaN and infinities cannot come from ``JSONParser``; should code build one, it is
    /// written as `null`, as `JSON.stringify` does.
    mutating func write(_ number: Double) {
        guard number.isFinite else {
            put("null")
            return
        }
        if number == 0 {
            put(UInt8(ascii: "0"))  // -0 too
            return
        }
        if number < 0 { put(UInt8(ascii: "-")) }

        // Read the description as digits d1...dk and an exponent n with value = 0.d1...dk × 10^n.
        var digits: [UInt8] = []
        digits.reserveCapacity(24)
        var pointPosition: Int?
        var exponent = 0
        var exponentNegative = false
        var inExponent = false
        for byte in number.magnitude.description.utf8 {
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
        let significant = Array(digits[leadingZeros..<(digits.count - trailingZeros)])
        let k = significant.count

        significant.withUnsafeBufferPointer { s in
            if k <= n && n <= 21 {
                put(s)
                for _ in 0..<(n - k) { put(UInt8(ascii: "0")) }
            } else if 0 < n && n <= 21 {
                put(UnsafeBufferPointer(rebasing: s[0..<n]))
                put(UInt8(ascii: "."))
                put(UnsafeBufferPointer(rebasing: s[n...]))
            } else if -6 < n && n <= 0 {
                put("0.")
                for _ in 0..<(-n) { put(UInt8(ascii: "0")) }
                put(s)
            } else {
                put(s[0])
                if k > 1 {
                    put(UInt8(ascii: "."))
                    put(UnsafeBufferPointer(rebasing: s[1...]))
                }
                put(n - 1 < 0 ? "e-" : "e+")
                writeDecimal(UInt64((n - 1).magnitude))
            }
        }
    }
}
