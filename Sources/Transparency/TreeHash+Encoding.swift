// Text forms of a hash: lowercase hex for Albo's JSON, standard base64 for checkpoints (C2SP).

extension TreeHash {
    /// The hash as 64 lowercase hex digits.
    public var hex: String {
        withUnsafeBytes { raw in Hex.encode(raw) }
    }

    /// Parses 64 hex digits (either case); returns nil for anything else.
    public init?(hex: some StringProtocol) {
        guard let bytes = Hex.decode(hex.utf8), let hash = TreeHash(bytes: bytes) else { return nil }
        self = hash
    }

    /// The hash in standard, padded base64 (44 characters), as C2SP checkpoints print it.
    public var base64: String {
        withUnsafeBytes { raw in Base64.encode(raw) }
    }

    /// Parses canonical padded base64 of exactly 32 bytes; returns nil for anything else.
    public init?(base64: some StringProtocol) {
        guard let bytes = Base64.decode(base64.utf8), let hash = TreeHash(bytes: bytes) else { return nil }
        self = hash
    }
}

extension TreeHash: CustomStringConvertible {
    /// The lowercase hex form.
    public var description: String { hex }
}

extension TreeHash: Codable {
    /// Decodes the lowercase hex string Albo's JSON uses for hashes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let hash = TreeHash(hex: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected 64 hex digits for a SHA-256 hash, got \(text.count) characters")
        }
        self = hash
    }

    /// Encodes as a lowercase hex string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

/// Lowercase hex, without Foundation.
enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func encode(_ raw: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: raw.count * 2) { out in
            for (i, byte) in raw.enumerated() {
                out[2 * i] = digits[Int(byte >> 4)]
                out[2 * i + 1] = digits[Int(byte & 0x0f)]
            }
            return raw.count * 2
        }
    }

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Array(bytes).withUnsafeBytes { encode($0) }
    }

    static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 2)
        var high: UInt8? = nil
        for char in text {
            guard let nibble = value(of: char) else { return nil }
            if let h = high {
                out.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return out
    }

    private static func value(of char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): char - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
