import Crypto
import Foundation

// C2SP tlog-cosignature, Ed25519 `cosignature/v1` (signature type 0x04): a witness signs
//   "cosignature/v1\ntime <unix seconds>\n" ‖ <checkpoint text>
// and adds the note signature line "— <name> base64(key id ‖ uint64 BE timestamp ‖ signature)".
// The key id is the first four bytes of SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key).
// Key texts follow Go's note form with algorithm byte 0x04:
//   verifier: <name>+<key id>+<base64(0x04 ‖ public key)>
//   signer:   PRIVATE+KEY+<name>+<key id>+<base64(0x04 ‖ seed)>

/// A witness's cosignature on a checkpoint: who, when, and whether it verified.
public struct Cosignature: Hashable, Sendable {
    /// The witness key's name.
    public let name: String
    /// The UNIX time (seconds) the witness signed at.
    public let timestamp: UInt64
}

/// A witness's public key (cosignature/v1), in note verifier-key form with type 0x04.
public struct CosignatureVerifier: Hashable, Sendable {
    /// The signature type byte of Ed25519 cosignature/v1.
    public static let algorithm: UInt8 = 0x04

    /// The witness name.
    public let name: String
    /// The key id prefixing its signatures.
    public let keyID: UInt32
    /// The 32-byte Ed25519 public key.
    public let publicKey: [UInt8]

    /// Parses `<name>+<8 hex digits>+<base64(0x04 ‖ public key)>`, checking the key id.
    public init(keyText: String) throws {
        let fields = keyText.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3 else {
            throw NoteKey.malformed("a witness verifier key has the form name+keyid+base64key")
        }
        let name = String(fields[0])
        let key = try NoteKey.parseKey(name: name, keyID: fields[1], keyBase64: fields[2], algorithm: Self.algorithm)
        try self.init(name: name, publicKey: key.bytes)
        guard keyID == key.id else {
            throw NoteKey.malformed("the key id \(fields[1]) does not match the witness key of \(name)")
        }
    }

    /// A verifier for a raw Ed25519 public key.
    public init(name: String, publicKey: [UInt8]) throws {
        try NoteKey.checkName(name)
        guard publicKey.count == 32 else { throw NoteKey.malformed("an Ed25519 public key has 32 bytes, not \(publicKey.count)") }
        self.name = name
        self.publicKey = publicKey
        self.keyID = NoteKey.keyID(name: name, publicKey: publicKey, algorithm: Self.algorithm)
    }

    /// The verifier key text.
    public var keyText: String {
        "\(name)+\(NoteKey.hex(keyID))+\(Base64.encode([Self.algorithm] + publicKey))"
    }

    /// The bytes a witness signs for `checkpointText` at `timestamp`.
    public static func message(checkpointText: String, timestamp: UInt64) -> [UInt8] {
        Array("cosignature/v1\ntime \(timestamp)\n\(checkpointText)".utf8)
    }

    /// This witness's valid cosignature among the signature lines of `note` on its text, or nil if none verifies.
    public func cosignature(in note: String) -> Cosignature? {
        guard let split = note.range(of: "\n\n", options: .backwards) else { return nil }
        let text = String(note[..<split.lowerBound]) + "\n"
        for line in note[split.upperBound...].split(separator: "\n") {
            if let cosignature = verify(line: String(line), checkpointText: text) { return cosignature }
        }
        return nil
    }

    /// The cosignature on `line` ("— name base64") if it is this witness's and verifies for `checkpointText`.
    public func verify(line: String, checkpointText: String) -> Cosignature? {
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "—", parts[1] == name, let raw = Base64.decode(parts[2].utf8), raw.count == 76 else { return nil }
        let id = raw.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let timestamp = raw[4..<12].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard id == keyID, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey),
              key.isValidSignature(Array(raw[12...]), for: Self.message(checkpointText: checkpointText, timestamp: timestamp))
        else { return nil }
        return Cosignature(name: name, timestamp: timestamp)
    }
}

/// A witness's private key: signs cosignature/v1 lines.
public struct CosignatureSigner: Sendable {
    /// The matching public key.
    public let verifier: CosignatureVerifier
    private let seed: [UInt8]

    /// Parses `PRIVATE+KEY+<name>+<keyid>+<base64(0x04 ‖ seed)>`.
    public init(keyText: String) throws {
        let fields = keyText.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0] == "PRIVATE", fields[1] == "KEY" else {
            throw NoteKey.malformed("a witness signer key has the form PRIVATE+KEY+name+keyid+base64key")
        }
        let key = try NoteKey.parseKey(name: String(fields[2]), keyID: fields[3], keyBase64: fields[4], algorithm: CosignatureVerifier.algorithm)
        try self.init(name: String(fields[2]), seed: key.bytes)
        guard verifier.keyID == key.id else { throw NoteKey.malformed("the key id \(fields[3]) does not match the witness key") }
    }

    private init(name: String, seed: [UInt8]) throws {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw NoteKey.malformed("the Ed25519 seed of \(name) is not a valid key")
        }
        self.seed = seed
        self.verifier = try CosignatureVerifier(name: name, publicKey: Array(key.publicKey.rawRepresentation))
    }

    /// A new random witness key named `name`: signer and verifier key texts.
    public static func generate(name: String) throws -> (signerKey: String, verifierKey: String) {
        let signer = try CosignatureSigner(name: name, seed: Array(Curve25519.Signing.PrivateKey().rawRepresentation))
        return (signer.keyText, signer.verifier.keyText)
    }

    /// The signer key text: a secret.
    public var keyText: String {
        "PRIVATE+KEY+\(verifier.name)+\(NoteKey.hex(verifier.keyID))+\(Base64.encode([CosignatureVerifier.algorithm] + seed))"
    }

    /// The signature line "— name base64(...)\n" cosigning `checkpointText` at `timestamp`.
    public func signatureLine(checkpointText: String, timestamp: UInt64) throws -> String {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        let signature = try key.signature(for: CosignatureVerifier.message(checkpointText: checkpointText, timestamp: timestamp))
        var raw = withUnsafeBytes(of: verifier.keyID.bigEndian) { Array($0) }
        raw += withUnsafeBytes(of: timestamp.bigEndian) { Array($0) }
        raw += Array(signature)
        return "— \(verifier.name) \(Base64.encode(raw))\n"
    }
}

extension CosignatureSigner: CustomStringConvertible {
    /// Names the key without the seed.
    public var description: String { "CosignatureSigner(\(verifier.name)+\(NoteKey.hex(verifier.keyID)))" }
}
