public import AlboDomain
import Crypto

/// Seals and opens one personal field with its subject's key: AES-256-GCM, with a nonce
/// and associated data that bind the box to its place (event id and field name).
///
/// - nonce = the first 12 bytes of HMAC-SHA256(key, "albo-seal-nonce" ‖ eventId ‖ 0x00 ‖ field)
/// - AAD = "albo-seal-v1" ‖ 0x00 ‖ eventId ‖ 0x00 ‖ field
///
/// The nonce is deterministic, so sealing the same event again gives the same bytes (an
/// idempotent retry is recognised; a store's roots are reproducible given its keys). It is
/// never reused for another plaintext: an event id names one immutable event, and a field
/// one value in it.
public enum FieldSealer {
    /// Why a sealed value could not be opened.
    public struct OpenError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    static func nonce(key: SubjectKey.Context, eventId: String, field: String) -> [UInt8] {
        var mac = key.keyedHMAC
        mac.update(data: Array("albo-seal-nonce".utf8) + Array(eventId.utf8) + [0] + Array(field.utf8))
        return Array(mac.finalize().prefix(12))
    }

    static func associatedData(eventId: String, field: String) -> [UInt8] {
        associatedDataPrefix + Array(eventId.utf8) + [0] + Array(field.utf8)
    }

    /// The sealed value of `clear`, field `field` of event `eventId` (lowercase UUID).
    public static func seal(_ clear: String, field: String, eventId: String, subject: String, key: SubjectKey) -> SealedValue {
        seal(clear, field: field, eventId: eventId, subject: subject, context: SubjectKey.Context(key))
    }

    /// `seal` with the key already set up (one event's fields share it).
    static func seal(_ clear: String, field: String, eventId: String, subject: String, context key: SubjectKey.Context) -> SealedValue {
        let nonceBytes = nonce(key: key, eventId: eventId, field: field)
        // A 12-byte nonce and a 32-byte key are all AES.GCM can refuse: neither can fail here.
        guard let n = try? AES.GCM.Nonce(data: nonceBytes),
              let box = try? AES.GCM.seal(Array(clear.utf8), using: key.symmetric, nonce: n,
                                          authenticating: associatedData(eventId: eventId, field: field)) else {
            preconditionFailure("AES-GCM refused a 12-byte nonce")
        }
        let bytes = nonceBytes + Array(box.ciphertext) + Array(box.tag)
        return SealedValue(subject: subject, eventId: eventId, box: Base64URL.encode(bytes))
    }

    /// The clear text of `sealed`, field `field`, opened with `key`.
    public static func open(_ sealed: SealedValue, field: String, key: SubjectKey) throws(OpenError) -> String {
        guard let bytes = Base64URL.decode(sealed.box), bytes.count >= 28 else {
            throw OpenError(description: "the sealed \(field) of event \(sealed.eventId) is not a base64url box")
        }
        guard let clear = open(box: bytes, aad: associatedData(eventId: sealed.eventId, field: field), key: key) else {
            throw OpenError(description: "the sealed \(field) of event \(sealed.eventId) does not open with its subject's key (altered, or moved from another place)")
        }
        return clear
    }

    /// `open` on the UTF-8 bytes of a stored value whose parts are at `parts`
    /// (`SealedValue.parts(utf8:)`), making no string but the clear text: nil when the box
    /// is not base64url or does not open with `key`.
    static func open(utf8 u: UnsafeBufferPointer<UInt8>, _ parts: (subject: Range<Int>, eventId: Range<Int>, box: Range<Int>),
                     field: String, key: SubjectKey) -> String? {
        guard let bytes = Base64URL.decode(u[parts.box]), bytes.count >= 28 else { return nil }
        var aad = associatedDataPrefix
        aad.reserveCapacity(aad.count + 38 + field.utf8.count)
        aad.append(contentsOf: u[parts.eventId])
        aad.append(0)
        aad.append(contentsOf: field.utf8)
        return open(box: bytes, aad: aad, key: key)
    }

    /// Opens nonce ‖ ciphertext ‖ tag (AES-GCM's combined form) with `key` and `aad`.
    private static func open(box bytes: [UInt8], aad: [UInt8], key: SubjectKey) -> String? {
        guard let box = try? AES.GCM.SealedBox(combined: bytes),
              let clear = try? AES.GCM.open(box, using: SymmetricKey(data: key.bytes), authenticating: aad) else { return nil }
        return String(decoding: clear, as: UTF8.self)
    }

    static let associatedDataPrefix = Array("albo-seal-v1".utf8) + [0]
}
