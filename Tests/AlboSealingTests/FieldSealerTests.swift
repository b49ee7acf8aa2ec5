import AlboDomain
import AlboSealing
import AlboTestSupport
import Foundation
import Testing

/// The sealing crypto is AES-256-GCM as any library does it: checked against Python's
/// `cryptography`, the package the bundle verifier uses.
@Suite("Field sealing")
struct FieldSealerTests {
    static let key = SubjectKey(bytes: (0..<32).map { UInt8($0 * 7 % 256) })!
    static let eventId = "3f0e8c1a-5b7d-4c2e-9a61-0d4b2f1e7c3a"
    static let subject = SubjectReference.make(from: Array(repeating: 0xA5, count: 16))

    @Test("a box Swift seals opens with cryptography's AESGCM, and cryptography seals the same bytes")
    func seal_agreesWithPythonCryptography() throws {
        let clear = "Officina Meccanica Zanardelli Srl — reparto è"
        let sealed = FieldSealer.seal(clear, field: "employer", eventId: Self.eventId, subject: Self.subject, key: Self.key)
        let script = """
        import base64, hashlib, hmac, sys
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        key, event, field, box = bytes.fromhex(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
        raw = base64.urlsafe_b64decode(box + "=" * (-len(box) % 4))
        aad = b"albo-seal-v1\\x00" + event.encode() + b"\\x00" + field.encode()
        print(AESGCM(key).decrypt(raw[:12], raw[12:], aad).decode())
        nonce = hmac.new(key, b"albo-seal-nonce" + event.encode() + b"\\x00" + field.encode(), hashlib.sha256).digest()[:12]
        again = nonce + AESGCM(key).encrypt(nonce, sys.argv[5].encode(), aad)
        print(base64.urlsafe_b64encode(again).decode().rstrip("="))
        """
        let hex = Self.key.bytes.map { String(format: "%02x", $0) }.joined()
        let r = try Subprocess.python(["-c", script, hex, Self.eventId, "employer", sealed.box, clear])
        #expect(r.code == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == clear)
        #expect(lines.last == sealed.box)
    }

    @Test("sealing is deterministic per event and field, and differs between them")
    func seal_isDeterministicAndBound() {
        let a = FieldSealer.seal("x", field: "person", eventId: Self.eventId, subject: Self.subject, key: Self.key)
        #expect(a == FieldSealer.seal("x", field: "person", eventId: Self.eventId, subject: Self.subject, key: Self.key))
        #expect(a.box != FieldSealer.seal("x", field: "host", eventId: Self.eventId, subject: Self.subject, key: Self.key).box)
        #expect(SealedValue(a.text) == a)
    }

    @Test("a box moved to another event or field, or opened with another key, does not open")
    func open_refusesMovedBoxes() throws {
        let a = FieldSealer.seal("P-123", field: "person", eventId: Self.eventId, subject: Self.subject, key: Self.key)
        #expect(try FieldSealer.open(a, field: "person", key: Self.key) == "P-123")
        #expect(throws: FieldSealer.OpenError.self) { try FieldSealer.open(a, field: "employer", key: Self.key) }
        var moved = a
        moved.eventId = "00000000-0000-4000-8000-000000000001"
        #expect(throws: FieldSealer.OpenError.self) { try FieldSealer.open(moved, field: "person", key: Self.key) }
        #expect(throws: FieldSealer.OpenError.self) { try FieldSealer.open(a, field: "person", key: SubjectKey.random()) }
    }

    @Test("a keyring opens a stored value in place as the parsed path does: moved, re-fielded, altered or malformed values do not open")
    func keyring_openingInPlace() {
        let a = FieldSealer.seal("P-123", field: "person", eventId: Self.eventId, subject: Self.subject, key: Self.key)
        var ring = Keyring()
        ring.add(person: nil, subject: Self.subject, key: Self.key)
        #expect(ring.opening(a.text, field: "person") == .opened("P-123"))
        #expect(ring.opening(a.text, field: "employer") == .unreadable)
        let moved = SealedValue(subject: a.subject, eventId: "00000000-0000-4000-8000-000000000001", box: a.box)
        #expect(ring.opening(moved.text, field: "person") == .unreadable)
        var flipped = Array(a.box.utf8)
        flipped[20] = flipped[20] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(ring.opening(SealedValue(subject: a.subject, eventId: a.eventId, box: String(decoding: flipped, as: UTF8.self)).text, field: "person") == .unreadable)
        var other = Keyring()
        other.add(person: nil, subject: Self.subject, key: SubjectKey.random())
        #expect(other.opening(a.text, field: "person") == .unreadable)
        #expect(Keyring().opening(a.text, field: "person") == .erased)
        // Not sealed values: an uppercase event id, a colon in the box, a bad subject, plain text.
        for text in [a.text.replacingOccurrences(of: Self.eventId, with: Self.eventId.uppercased()),
                     a.text + ":x", a.text.replacingOccurrences(of: Self.subject, with: "s-" + String(repeating: "1", count: 26)),
                     "P-123", ""] {
            #expect(ring.opening(text, field: "person") == .clear(text), "\(text)")
            #expect(SealedValue(text) == nil, "\(text)")
        }
    }

    @Test("a keyring opens what it holds, says erased once the subject is removed, and survives its text form")
    func keyring_revealAndRemove() throws {
        var ring = Keyring()
        ring.add(person: "P-123", subject: Self.subject, key: Self.key)
        let text = FieldSealer.seal("disability", field: "targetGroup", eventId: Self.eventId, subject: Self.subject, key: Self.key).text
        #expect(ring.reveal(text, field: "targetGroup") == "disability")
        #expect(try Keyring(text: ring.text) == ring)
        ring.remove(subject: Self.subject)
        #expect(ring.reveal(text, field: "targetGroup") == "erased")
        #expect(ring.subject(of: "P-123") == nil && !ring.text.contains("P-123"))
    }

    @Test("the keys file reads only the subjects asked for, and ignores a torn last line")
    func keyring_bytes_onlyAndTorn() throws {
        let other = SubjectReference.make(from: Array(repeating: 0x11, count: 16))
        var ring = Keyring()
        ring.add(person: "P-1", subject: Self.subject, key: Self.key)
        ring.add(person: "P-2", subject: other, key: SubjectKey.random())
        let bytes = Array(ring.text.utf8)
        #expect(try Keyring(bytes: bytes) == ring)
        let one = try Keyring(bytes: bytes, only: [Self.subject])
        // A partial read is for opening values: keys only, no persons.
        #expect(one.key(of: Self.subject) == Self.key && one.key(of: other) == nil && one.person(of: Self.subject) == nil)
        // Over 64 subjects the whole file is scanned once (memchr, fixed-size references):
        // the same keys as reading all of it, for exactly the subjects asked for.
        var many = Keyring()
        let refs = (0..<300).map { i in SubjectReference.make(from: [UInt8(i & 0xFF), UInt8(i >> 8)] + Array(repeating: 0x5A, count: 14)) }
        for (i, r) in refs.enumerated() { many.add(person: "P-\(i)", subject: r, key: SubjectKey.random()) }
        let all = try Keyring(bytes: Array(many.text.utf8))
        let wanted = Set(refs.enumerated().filter { $0.offset % 3 == 0 }.map(\.element) + ["s-notakeyatall"])
        let part = try Keyring(bytes: Array(many.text.utf8), only: wanted)
        #expect(Set(refs).count == 300 && part.keys.count == 100)
        for r in refs { #expect(part.key(of: r) == (wanted.contains(r) ? all.key(of: r) : nil)) }
        #expect(all.person(of: refs[3]) == "P-3" && part.person(of: refs[3]) == nil)
        // Merging two partial reads gives the keys of both.
        let rest = try Keyring(bytes: Array(many.text.utf8), only: Set(refs).subtracting(wanted))
        let merged = part.merging(rest)
        #expect(merged.keys.count == 300 && refs.allSatisfy { merged.key(of: $0) == all.key(of: $0) })
        // A batch whose keys were half written never committed: its line does not count.
        let torn = try Keyring(bytes: bytes + Array("s-torn".utf8))
        #expect(torn == ring)
        #expect(throws: Keyring.FormatError.self) { try Keyring(bytes: bytes + Array("garbage\n".utf8)) }
    }
}
