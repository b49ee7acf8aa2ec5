public import AlboDomain
import Crypto
import Foundation

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

    static func associatedData(eventId: String, field: String) -> [UInt8] {
        associatedDataPrefix + Array(eventId.utf8) + [0] + Array(field.utf8)
    }

    /// The sealed value of `clear`, field `field` of event `eventId` (lowercase UUID).
    public static func seal(_ clear: String, field: String, eventId: String, subject: String, key: SubjectKey) -> SealedValue {
        seal(clear, field: field, eventId: eventId, subject: subject, context: SubjectKey.Context(key))
    }

    /// `seal` with the key already set up (one event's fields share it).
    static func seal(_ clear: String, field: String, eventId: String, subject: String, context key: SubjectKey.Context) -> SealedValue {
        var clear = clear, field = field, eventId = eventId
        var box: [UInt8] = []
        clear.withUTF8 { c in
            field.withUTF8 { f in
                eventId.withUTF8 { e in appendBox(UnsafeRawBufferPointer(c), field: UnsafeRawBufferPointer(f), eventId: UnsafeRawBufferPointer(e), context: key, to: &box) }
            }
        }
        return SealedValue(subject: subject, eventId: eventId, box: String(decoding: box, as: UTF8.self))
    }

    /// Appends the sealed text of `clear` to `out`, `sealed:v1:<subject>:<eventId>:<box>`:
    /// exactly `seal(...).text`, made from UTF-8 bytes without a string.
    static func appendSealed(_ clear: UnsafeRawBufferPointer, field: UnsafeRawBufferPointer, eventId: UnsafeRawBufferPointer,
                             subject: UnsafeRawBufferPointer, context key: SubjectKey.Context, to out: inout [UInt8]) {
        out.append(contentsOf: SealedValue.prefix.utf8)
        out.append(contentsOf: subject)
        out.append(UInt8(ascii: ":"))
        out.append(contentsOf: eventId)
        out.append(UInt8(ascii: ":"))
        appendBox(clear, field: field, eventId: eventId, context: key, to: &out)
    }

    /// Appends base64url(nonce ‖ ciphertext ‖ tag) of `clear` to `out`. The nonce's message and
    /// the associated data are laid out in one stack buffer, and AES-GCM reads and writes
    /// contiguous bytes: no temporary array per field.
    static func appendBox(_ clear: UnsafeRawBufferPointer, field: UnsafeRawBufferPointer, eventId: UnsafeRawBufferPointer,
                          context key: SubjectKey.Context, to out: inout [UInt8]) {
        let tail = eventId.count + 1 + field.count
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16 + tail) { buffer in
            let base = UnsafeMutableRawBufferPointer(buffer)
            // `head` ‖ eventId ‖ 0x00 ‖ field, in the buffer (the two messages are made in turn).
            func message(_ head: StaticString, separated: Bool) -> UnsafeRawBufferPointer {
                var at = head.utf8CodeUnitCount
                base.baseAddress!.copyMemory(from: head.utf8Start, byteCount: at)
                if separated { base[at] = 0; at += 1 }
                UnsafeMutableRawBufferPointer(rebasing: base[at..<(at + eventId.count)]).copyMemory(from: eventId)
                base[at + eventId.count] = 0
                UnsafeMutableRawBufferPointer(rebasing: base[(at + eventId.count + 1)..<(at + tail)]).copyMemory(from: field)
                return UnsafeRawBufferPointer(rebasing: base[0..<(at + tail)])
            }
            var mac = key.keyedHMAC
            mac.update(data: message("albo-seal-nonce", separated: false))
            let code = mac.finalize()
            let aad = message("albo-seal-v1", separated: true)
            // A 12-byte nonce and a 32-byte key are all AES.GCM can refuse: neither can fail here.
            let combined = code.withUnsafeBytes { digest -> Data? in
                guard let nonce = try? AES.GCM.Nonce(data: UnsafeRawBufferPointer(rebasing: digest[0..<12])) else { return nil }
                return try? AES.GCM.seal(clear, using: key.symmetric, nonce: nonce, authenticating: aad).combined
            }
            guard let combined else { preconditionFailure("AES-GCM refused a 12-byte nonce") }
            combined.withUnsafeBytes { Base64URL.append($0, to: &out) }
        }
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
