/// Syntax rules for the identifiers users choose and the UUIDs that key events.
public enum Identifier {
    /// `[A-Za-z0-9._-]{1,64}`: what a `protocolId`, `hireId`, `caseId` or `traineeshipId` may be.
    public static func isValid(_ s: String) -> Bool {
        isValid(s.utf8)
    }

    /// `[A-Za-z0-9._-]{1,64}`, checked on UTF-8 bytes.
    public static func isValid(utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        isValid(utf8)
    }

    private static func isValid(_ u: some Collection<UInt8>) -> Bool {
        guard (1...64).contains(u.count) else { return false }
        return u.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == 0x2E || c == 0x5F || c == 0x2D
        }
    }

    /// The lowercase RFC 9562 text form of a UUID (8-4-4-4-12 hex digits), or nil.
    public static func normalizedUUID(_ s: String) -> String? {
        withContiguousUTF8(of: s) { normalizedUUID(utf8: $0) }
    }

    /// The lowercase RFC 9562 text form of the UUID written in `utf8`, or nil.
    public static func normalizedUUID(utf8 u: UnsafeBufferPointer<UInt8>) -> String? {
        guard u.count == 36 else { return nil }
        for (i, c) in u.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard c == 0x2D else { return nil }
            } else if !((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)) {
                return nil
            }
        }
        return String(unsafeUninitializedCapacity: 36) { out in
            for (i, c) in u.enumerated() { out[i] = c >= 0x41 && c <= 0x46 ? c + 0x20 : c }
            return 36
        }
    }

    /// The 16 bytes of a UUID in normalized text form (for compact index keys).
    public static func uuidBytes(_ normalized: String) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(16)
        var hi: UInt8? = nil
        for c in normalized.utf8 where c != 0x2D {
            let v: UInt8 = c <= 0x39 ? c - 0x30 : c - 0x61 + 10
            if let h = hi { out.append(h << 4 | v); hi = nil } else { hi = v }
        }
        return out
    }

    /// True when `s` contains an Italian tax code (codice fiscale, omocodia letters
    /// included, either case) anywhere: a pseudonymous `person` reference must never hold one.
    /// The same character classes as the `person` schema in Schemas/common.schema.json.
    public static func containsTaxCode(_ s: String) -> Bool {
        guard s.utf8.count >= 16 else { return false }  // before copying: most references are short
        let u = Array(s.utf8)
        func letter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
        func digitOrOmocodia(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || "LMNPQRSTUV".utf8.contains(c & ~0x20) && letter(c) }
        func month(_ c: UInt8) -> Bool { letter(c) && "ABCDEHLMPRST".utf8.contains(c & ~0x20) }
        let shape: [(UInt8) -> Bool] = [letter, letter, letter, letter, letter, letter, digitOrOmocodia, digitOrOmocodia, month,
                                         digitOrOmocodia, digitOrOmocodia, letter, digitOrOmocodia, digitOrOmocodia, digitOrOmocodia, letter]
        for start in 0...(u.count - 16) where zip(u[start..<(start + 16)], shape).allSatisfy({ $1($0) }) {
            return true
        }
        return false
    }
}
