/// A personal field's value as a sealed store keeps it: a JSON string that names the data
/// subject and the event it belongs to, and carries the AES-256-GCM box of the clear value.
///
/// Form: `sealed:v1:<subject>:<eventId>:<box>`, where `subject` is the subject reference
/// (`s-` + 26 base32 characters), `eventId` the lowercase UUID of the event holding the value
/// (the box is bound to it and to the field name), and `box` the unpadded base64url of
/// nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes). The event id is in the value so that a
/// projection row can be opened without reading the log back.
public struct SealedValue: Sendable, Hashable {
    /// What every sealed value starts with.
    public static let prefix = "sealed:v1:"
    /// The subject reference, e.g. `s-4m2q…`.
    public var subject: String
    /// The lowercase UUID of the event the value belongs to.
    public var eventId: String
    /// base64url(nonce ‖ ciphertext ‖ tag), unpadded.
    public var box: String

    public init(subject: String, eventId: String, box: String) {
        self.subject = subject
        self.eventId = eventId
        self.box = box
    }

    /// Parses the stored text; nil when it is not a sealed value.
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        guard let parts = text.withUTF8({ u -> (String, String, String)? in
            guard let at = Self.parts(utf8: u) else { return nil }
            func string(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: u[r]), as: UTF8.self) }
            return (string(at.subject), string(at.eventId), string(at.box))
        }) else { return nil }
        self.init(subject: parts.0, eventId: parts.1, box: parts.2)
    }

    /// Where the parts of a stored sealed value are in its UTF-8 bytes, checked as `init?`
    /// checks them, without making a string (a report opens one per case): fixed positions
    /// (prefix, 28-character subject, ':', 36-character lowercase event id, ':', box with no
    /// ':'); nil when `u` is not a sealed value.
    public static func parts(utf8 u: UnsafeBufferPointer<UInt8>) -> (subject: Range<Int>, eventId: Range<Int>, box: Range<Int>)? {
        let p = prefixBytes.count, idAt = p + 29, boxAt = idAt + 37
        guard u.count > boxAt, u.prefix(p).elementsEqual(prefixBytes),
              u[p + 28] == UInt8(ascii: ":"), u[boxAt - 1] == UInt8(ascii: ":"),
              SubjectReference.isValid(UnsafeBufferPointer(rebasing: u[p..<(p + 28)])),
              isLowercaseUUID(UnsafeBufferPointer(rebasing: u[idAt..<(idAt + 36)])),
              !u[boxAt...].contains(UInt8(ascii: ":")) else { return nil }
        return (p..<(p + 28), idAt..<(idAt + 36), boxAt..<u.count)
    }

    /// Whether `u` is a UUID in its lowercase text form (what `Identifier.normalizedUUID` gives).
    static func isLowercaseUUID(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        guard u.count == 36 else { return false }
        for (i, c) in u.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard c == 0x2D else { return false }
            } else if !((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) {
                return false
            }
        }
        return true
    }

    /// The stored text.
    public var text: String { Self.prefix + subject + ":" + eventId + ":" + box }

    /// Whether `text` looks like a sealed value (the prefix only: cheap, for hot paths).
    public static func isSealed(_ text: String) -> Bool { text.hasPrefix(prefix) }

    /// What counts one person once: the subject of a sealed `person`, else the value itself.
    /// (The 28 characters after the prefix: no full parse, as it runs once per case.)
    public static func distinctKey(_ person: String) -> String {
        subject(of: person) ?? person
    }

    /// The subject reference a sealed value names, read without parsing the rest; nil when
    /// `text` is not sealed.
    public static func subject(of text: String) -> String? {
        var text = text
        return text.withUTF8 { subject(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// `subject(of:)` on the UTF-8 bytes of a stored value.
    public static func subject(utf8 u: UnsafeRawBufferPointer) -> String? {
        let p = prefixBytes.count
        guard u.count > p + 29, u.prefix(p).elementsEqual(prefixBytes), u[p + 28] == UInt8(ascii: ":") else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: u[p..<(p + 28)]), as: UTF8.self)
    }

    static let prefixBytes = Array(prefix.utf8)
}

/// The non-personal reference of a data subject: `s-` followed by 26 lowercase base32
/// characters (RFC 4648 alphabet) of 16 random bytes. It is stored in clear in the log
/// (the `subject` of a `CaseOpened`, the `SubjectErased` event), so that distinct persons
/// can still be counted after their data are erased; it reveals nothing about the person.
public enum SubjectReference {
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    static let isBase32: [Bool] = (0..<256).map { alphabet.contains(UInt8($0)) }

    /// Whether `text` is a subject reference.
    public static func isValid(_ text: some StringProtocol) -> Bool { isValid(text.utf8) }

    /// `isValid` on UTF-8 bytes.
    public static func isValid(_ u: some Collection<UInt8>) -> Bool {
        guard u.count == 28 else { return false }
        var i = 0
        for c in u {
            if i == 0 { guard c == UInt8(ascii: "s") else { return false } } else if i == 1 {
                guard c == UInt8(ascii: "-") else { return false }
            } else if !isBase32[Int(c)] { return false }
            i += 1
        }
        return true
    }

    /// The reference written from 16 bytes.
    public static func make(from bytes: [UInt8]) -> String {
        precondition(bytes.count == 16, "a subject reference is made of 16 bytes")
        var out = "s-"
        var buffer: UInt32 = 0
        var bits = 0
        for b in bytes {
            buffer = (buffer << 8) | UInt32(b)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(Character(UnicodeScalar(alphabet[Int((buffer >> UInt32(bits)) & 31)])))
            }
        }
        if bits > 0 { out.append(Character(UnicodeScalar(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]))) }
        return out
    }
}
