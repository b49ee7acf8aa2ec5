import Crypto
import Foundation

// Key texts of Go's golang.org/x/mod/sumdb/note (C2SP signed-note), Ed25519 only:
//   signer:   PRIVATE+KEY+<name>+<key id>+<base64(0x01 ‖ 32-byte seed)>
//   verifier: <name>+<key id>+<base64(0x01 ‖ 32-byte public key)>
// The key id is the first four bytes, big-endian, of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key).

/// An Ed25519 public key with its name and key id, in Go's note verifier-key form.
public struct NoteVerifier: Hashable, Sendable {
    /// The key's name, usually the log origin.
    public let name: String
    /// The 32-bit key id that prefixes each signature.
    public let keyID: UInt32
    /// The 32-byte Ed25519 public key.
    public let publicKey: [UInt8]

    /// Parses `<name>+<8 hex digits>+<base64(0x01 ‖ public key)>`, checking the key id against the key.
    public init(keyText: String) throws {
        // The base64 part may itself contain '+', so only the first two separate fields.
        let fields = keyText.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3 else {
            throw NoteKey.malformed("a verifier key has the form name+keyid+base64key")
        }
        let name = String(fields[0])
        let key = try NoteKey.parseKey(name: name, keyID: fields[1], keyBase64: fields[2])
        guard NoteKey.keyID(name: name, publicKey: key.bytes) == key.id else {
            throw NoteKey.malformed("the key id \(fields[1]) does not match the key of \(name)")
        }
        self.name = name
        self.keyID = key.id
        self.publicKey = key.bytes
    }

    /// Creates a verifier for a raw 32-byte Ed25519 public key.
    public init(name: String, publicKey: [UInt8]) throws {
        try NoteKey.checkName(name)
        guard publicKey.count == 32 else {
            throw NoteKey.malformed("an Ed25519 public key has 32 bytes, not \(publicKey.count)")
        }
        self.name = name
        self.publicKey = publicKey
        self.keyID = NoteKey.keyID(name: name, publicKey: publicKey)
    }

    /// The verifier key text, `<name>+<keyid>+<base64>`.
    public var keyText: String {
        "\(name)+\(NoteKey.hex(keyID))+\(Base64.encode([NoteKey.ed25519] + publicKey))"
    }

    /// Whether `signature` (64 bytes, without the key id) is this key's Ed25519 signature of `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else {
            return false
        }
        return key.isValidSignature(signature, for: message)
    }
}

/// An Ed25519 private key with its name and key id, in Go's note signer-key form.
public struct NoteSigner: Sendable {
    /// The key's name, usually the log origin.
    public let name: String
    /// The 32-bit key id that prefixes each signature.
    public let keyID: UInt32
    /// The matching verifier.
    public let verifier: NoteVerifier
    // The 32-byte seed; swift-crypto's key type is not Sendable, so the key is rebuilt per signature.
    private let seed: [UInt8]

    /// Parses `PRIVATE+KEY+<name>+<8 hex digits>+<base64(0x01 ‖ seed)>`, checking the key id against the derived public key.
    public init(keyText: String) throws {
        let fields = keyText.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0] == "PRIVATE", fields[1] == "KEY" else {
            throw NoteKey.malformed("a signer key has the form PRIVATE+KEY+name+keyid+base64key")
        }
        let name = String(fields[2])
        let key = try NoteKey.parseKey(name: name, keyID: fields[3], keyBase64: fields[4])
        try self.init(name: name, seed: key.bytes)
        guard keyID == key.id else {
            throw NoteKey.malformed("the key id \(fields[3]) does not match the key of \(name)")
        }
    }

    private init(name: String, seed: [UInt8]) throws {
        guard let privateKey = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw NoteKey.malformed("the Ed25519 seed of \(name) is not a valid key")
        }
        self.name = name
        self.seed = seed
        self.verifier = try NoteVerifier(name: name, publicKey: Array(privateKey.publicKey.rawRepresentation))
        self.keyID = verifier.keyID
    }

    /// Generates a new Ed25519 key named `name`; returns the signer and verifier key texts.
    public static func generate(name: String) throws -> (signerKey: String, verifierKey: String) {
        try NoteKey.checkName(name)
        let signer = try NoteSigner(name: name, seed: Array(Curve25519.Signing.PrivateKey().rawRepresentation))
        return (signer.keyText, signer.verifier.keyText)
    }

    /// The signer key text, `PRIVATE+KEY+<name>+<keyid>+<base64>`: a secret.
    public var keyText: String {
        "PRIVATE+KEY+\(name)+\(NoteKey.hex(keyID))+\(Base64.encode([NoteKey.ed25519] + seed))"
    }

    /// The 64-byte Ed25519 signature of `message`.
    func signature(for message: [UInt8]) throws -> [UInt8] {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        return Array(try key.signature(for: message))
    }
}

extension NoteSigner: CustomStringConvertible, CustomReflectable {
    /// Names the key without printing the secret seed.
    public var description: String { "NoteSigner(\(name)+\(NoteKey.hex(keyID)))" }

    /// Hides the seed from `dump` and debuggers too.
    public var customMirror: Mirror { Mirror(self, children: ["name": name, "keyID": NoteKey.hex(keyID)]) }
}

/// Shared parsing for both key texts.
enum NoteKey {
    /// The signed-note algorithm byte for Ed25519.
    static let ed25519: UInt8 = 0x01

    static func malformed(_ message: String) -> TransparencyError {
        TransparencyError(.malformedKey, message)
    }

    /// A key name is non-empty, has no '+' and no Unicode white space (as Go's `isValidName`),
    /// and, stricter than Go, no control characters, which no signed note may carry.
    static func isValidName(_ name: some StringProtocol) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
            scalar != "+" && !scalar.properties.isWhitespace && scalar.value >= 0x20 && scalar.value != 0x7f
        }
    }

    static func checkName(_ name: String) throws {
        guard isValidName(name) else {
            throw malformed("the key name \"\(name)\" must be non-empty, without '+', spaces or control characters")
        }
    }

    /// The key id and 32 key bytes of a key text's last two fields, for signature type
    /// `algorithm` (Ed25519 notes 0x01, cosignature/v1 witnesses 0x04).
    static func parseKey(name: String, keyID: Substring, keyBase64: Substring, algorithm expected: UInt8 = ed25519) throws -> (id: UInt32, bytes: [UInt8]) {
        try checkName(name)
        guard keyID.utf8.count == 8, keyID.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") }),
              let id = UInt32(keyID, radix: 16)
        else {
            throw malformed("the key id of \(name) must be 8 hex digits, got \"\(keyID)\"")
        }
        guard let raw = Base64.decode(keyBase64.utf8), let algorithm = raw.first else {
            throw malformed("the key of \(name) is not valid base64")
        }
        guard algorithm == expected else {
            throw malformed(expected == ed25519
                ? "the key of \(name) uses algorithm \(algorithm); only Ed25519 (1) is supported"
                : "the key of \(name) uses algorithm \(algorithm), not \(expected): not a witness (cosignature/v1) key")
        }
        guard raw.count == 33 else {
            throw malformed("the Ed25519 key of \(name) has \(raw.count - 1) bytes, not 32")
        }
        return (id, Array(raw.dropFirst()))
    }

    /// The first four bytes, big-endian, of SHA-256(name ‖ "\n" ‖ algorithm ‖ public key).
    static func keyID(name: String, publicKey: [UInt8], algorithm: UInt8 = ed25519) -> UInt32 {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8) + [UInt8(ascii: "\n"), algorithm] + publicKey)
        return hasher.finalize().withUnsafeBytes { raw in
            raw.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
        }
    }

    static func hex(_ id: UInt32) -> String {
        Hex.encode(withUnsafeBytes(of: id.bigEndian) { Array($0) })
    }
}
