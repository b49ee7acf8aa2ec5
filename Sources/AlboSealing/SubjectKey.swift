public import AlboDomain
import Crypto
import Foundation

/// A data subject's 256-bit sealing key: whoever holds it opens the subject's personal
/// fields; destroying it makes them unreadable for good (crypto-shredding).
public struct SubjectKey: Sendable, Hashable {
    /// The 32 key bytes.
    public let bytes: [UInt8]

    /// A key from its 32 bytes; nil for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// A fresh random key.
    public static func random() -> SubjectKey {
        SubjectKey(unchecked: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// The key as unpadded base64url text (the keys file and evidence bundles).
    public var text: String { Base64URL.encode(bytes) }

    /// Reads the base64url text form; nil when it is not 32 bytes.
    public init?(text: String) {
        guard let b = Base64URL.decode(text) else { return nil }
        self.init(bytes: b)
    }

    var symmetric: SymmetricKey { SymmetricKey(data: bytes) }
}

/// Makes the reference and key of each new data subject. Production uses `.random`; tests
/// inject `.derived(from:)` through the API so that a sealed store's roots are reproducible.
public struct SubjectKeySource: Sendable {
    let make: @Sendable (_ person: String) -> (reference: String, key: SubjectKey)

    /// 16 random bytes for the reference and 32 for the key.
    public static let random = SubjectKeySource { _ in
        var g = SystemRandomNumberGenerator()
        let refBytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &g) }
        return (SubjectReference.make(from: refBytes), SubjectKey.random())
    }

    /// Reference and key derived from `seed` and the person by HMAC-SHA256: for tests only.
    public static func derived(from seed: [UInt8]) -> SubjectKeySource {
        SubjectKeySource { person in
            let k = SymmetricKey(data: seed)
            let ref = Array(HMAC<SHA256>.authenticationCode(for: Array(("ref\u{0}" + person).utf8), using: k))
            let key = Array(HMAC<SHA256>.authenticationCode(for: Array(("key\u{0}" + person).utf8), using: k))
            return (SubjectReference.make(from: Array(ref.prefix(16))), SubjectKey(unchecked: key))
        }
    }

    /// The reference and key for a person seen for the first time.
    public func newSubject(for person: String) -> (reference: String, key: SubjectKey) { make(person) }
}

/// Unpadded base64url (RFC 4648 §5).
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: String) -> [UInt8]? {
        guard text.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F }) else { return nil }
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.utf8.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s).map { Array($0) }
    }
}
