/// Standard base64 (RFC 4648 §4) with padding, decoded strictly.
///
/// Keys, signatures and checkpoint roots are compared as text by other tools, so only the canonical
/// encoding is accepted: padding required, no whitespace, unused trailing bits zero. Go's encoder
/// always produces this form.
enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let pad = UInt8(ascii: "=")

    /// Reverse table: 0xff marks a byte outside the alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (i, char) in alphabet.enumerated() { table[Int(char)] = UInt8(i) }
        return table
    }()

    static func encode(_ raw: UnsafeRawBufferPointer) -> String {
        let length = (raw.count + 2) / 3 * 4
        return String(unsafeUninitializedCapacity: length) { out in
            var o = 0
            var i = 0
            while i + 3 <= raw.count {
                let n = UInt32(raw[i]) << 16 | UInt32(raw[i + 1]) << 8 | UInt32(raw[i + 2])
                out[o] = alphabet[Int(n >> 18 & 63)]
                out[o + 1] = alphabet[Int(n >> 12 & 63)]
                out[o + 2] = alphabet[Int(n >> 6 & 63)]
                out[o + 3] = alphabet[Int(n & 63)]
                i += 3
                o += 4
            }
            let rest = raw.count - i
            if rest > 0 {
                let n = UInt32(raw[i]) << 16 | (rest == 2 ? UInt32(raw[i + 1]) << 8 : 0)
                out[o] = alphabet[Int(n >> 18 & 63)]
                out[o + 1] = alphabet[Int(n >> 12 & 63)]
                out[o + 2] = rest == 2 ? alphabet[Int(n >> 6 & 63)] : pad
                out[o + 3] = pad
                o += 4
            }
            return o
        }
    }

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Array(bytes).withUnsafeBytes { encode($0) }
    }

    static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        let chars = Array(text)
        guard chars.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 4 * 3)
        var i = 0
        while i < chars.count {
            let isLast = i + 4 == chars.count
            let padding = isLast ? (chars[i + 3] == pad ? (chars[i + 2] == pad ? 2 : 1) : 0) : 0
            var n: UInt32 = 0
            for j in 0..<(4 - padding) {
                let v = values[Int(chars[i + j])]
                guard v != 0xff else { return nil }
                n = n << 6 | UInt32(v)
            }
            n <<= UInt32(6 * padding)
            switch padding {
            case 0:
                out.append(contentsOf: [UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)])
            case 1:
                guard n & 0xff == 0 else { return nil }
                out.append(contentsOf: [UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff)])
            default:
                guard n & 0xffff == 0 else { return nil }
                out.append(UInt8(n >> 16 & 0xff))
            }
            i += 4
        }
        return out
    }
}
