/// Syntax rules for the identifiers users choose and the UUIDs that key events.
public enum Identifier {
    /// `[A-Za-z0-9._-]{1,64}`: what a `protocolId`, `hireId`, `caseId` or `traineeshipId` may be.
    public static func isValid(_ s: String) -> Bool {
        let u = s.utf8
        guard (1...64).contains(u.count) else { return false }
        return u.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == 0x2E || c == 0x5F || c == 0x2D
        }
    }

    /// The lowercase RFC 9562 text form of a UUID (8-4-4-4-12 hex digits), or nil.
    public static func normalizedUUID(_ s: String) -> String? {
        let u = Array(s.utf8)
        guard u.count == 36 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (i, c) in u.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard c == 0x2D else { return nil }
                out.append(c)
            } else if (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) {
                out.append(c)
            } else if c >= 0x41 && c <= 0x46 {
                out.append(c + 0x20)
            } else {
                return nil
            }
        }
        return String(decoding: out, as: UTF8.self)
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

    /// True when `s` has the shape of an Italian tax code (codice fiscale), which a
    /// pseudonymous `person` reference must never be.
    public static func looksLikeTaxCode(_ s: String) -> Bool {
        let u = Array(s.uppercased().utf8)
        guard u.count == 16 else { return false }
        let letters: Set<Int> = [0, 1, 2, 3, 4, 5, 8, 11, 15]
        for (i, c) in u.enumerated() {
            let isLetter = c >= 0x41 && c <= 0x5A
            let isDigitOrOmocodia = (c >= 0x30 && c <= 0x39) || isLetter
            if letters.contains(i) ? !isLetter : !isDigitOrOmocodia { return false }
        }
        return true
    }
}
