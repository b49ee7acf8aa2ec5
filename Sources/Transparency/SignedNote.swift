// C2SP signed-note: a text ending in "\n", a blank line, then one or more lines
// "— <key name> <base64(key id ‖ signature)>\n". Parsing follows Go's note.Open.

/// One signature line of a signed note.
public struct NoteSignature: Hashable, Sendable {
    /// The key name on the line.
    public let name: String
    /// The key id in the first four signature bytes.
    public let keyID: UInt32
    /// The base64 text of key id ‖ signature, as written.
    public let base64: String
}

/// A signed note whose text was checked against known keys.
public struct OpenedNote: Hashable, Sendable {
    /// The signed text, ending in "\n".
    public let text: String
    /// Signatures by known keys, all valid; never empty.
    public let verifiedSignatures: [NoteSignature]
    /// Signatures by keys not known to the caller: ignored, kept for display.
    public let unverifiedSignatures: [NoteSignature]
}

extension NoteSigner {
    /// Signs `text` and returns the signed note: the text, a blank line, and this key's signature line.
    ///
    /// The text must be non-empty, end in "\n" and contain no control characters but "\n".
    /// Stricter than Go, it must not contain blank lines either: a note's text then parses the
    /// same whether a reader splits at the first or the last blank line.
    public func sign(text: String) throws -> String {
        let bytes = Array(text.utf8)
        guard bytes.last == UInt8(ascii: "\n") else {
            throw TransparencyError(.malformedNote, "the text to sign must be non-empty and end in a newline")
        }
        guard bytes.first != UInt8(ascii: "\n"), !SignedNote.contains(bytes, [0x0a, 0x0a]) else {
            throw TransparencyError(.malformedNote, "the text to sign must not contain blank lines")
        }
        guard !bytes.contains(where: { $0 < 0x20 && $0 != 0x0a }) else {
            throw TransparencyError(.malformedNote, "the text to sign must not contain control characters other than newline")
        }
        let signature = try signature(for: bytes)
        var keyIDBytes = withUnsafeBytes(of: keyID.bigEndian) { Array($0) }
        keyIDBytes.append(contentsOf: signature)
        return text + "\n— \(name) \(Base64.encode(keyIDBytes))\n"
    }
}

extension NoteVerifier {
    /// Opens a signed note that this key must have signed; see `SignedNote.open(_:verifiers:)`.
    public func open(note: String) throws -> OpenedNote {
        try SignedNote.open(note.utf8, verifiers: [self])
    }
}

/// Parsing and verification of C2SP signed notes.
public enum SignedNote {
    /// Go's limit: more signature lines than this make the note malformed.
    public static let maxSignatures = 100

    /// Opens the signed note `note` (UTF-8 bytes), checking every signature by a key in `verifiers`.
    ///
    /// Throws unless the note is well formed and at least one known key signed it; a known key's
    /// invalid signature is an error, signatures by unknown keys are ignored. Pass the bytes as
    /// read: decoding to `String` first would hide invalid UTF-8.
    public static func open(_ note: some Collection<UInt8>, verifiers: [NoteVerifier]) throws -> OpenedNote {
        let bytes = Array(note)
        guard isValidUTF8(bytes), !bytes.contains(where: { $0 < 0x20 && $0 != 0x0a }) else {
            throw malformed("it must be UTF-8 without control characters other than newline")
        }
        guard let split = lastIndex(of: [0x0a, 0x0a], in: bytes) else {
            throw malformed("it has no blank line before the signatures")
        }
        let textBytes = bytes[...split]
        let signatureBlock = bytes[(split + 2)...]
        guard signatureBlock.last == 0x0a else {
            throw malformed("it must end with a signature line and a newline")
        }
        var verified: [NoteSignature] = []
        var unverified: [NoteSignature] = []
        var checkedKeys: Set<KeyRef> = []
        var lines = signatureBlock.split(separator: 0x0a, omittingEmptySubsequences: false).dropLast()
        guard lines.count <= maxSignatures else {
            throw malformed("it has \(lines.count) signatures, more than \(maxSignatures)")
        }
        let message = Array(textBytes)
        while let line = lines.popFirst() {
            let signature = try parseSignatureLine(line)
            let key = KeyRef(name: signature.name, keyID: signature.keyID)
            let matches = verifiers.filter { $0.name == key.name && $0.keyID == key.keyID }
            if matches.isEmpty {
                if !unverified.contains(signature) { unverified.append(signature) }
                continue
            }
            guard matches.count == 1 || Set(matches).count == 1 else {
                throw TransparencyError(.ambiguousKey, "more than one known key is named \(key.name) with key id \(NoteKey.hex(key.keyID))")
            }
            // Go checks only the first signature per key; later ones are dropped unchecked.
            guard checkedKeys.insert(key).inserted else { continue }
            guard let raw = Base64.decode(signature.base64.utf8),
                  matches[0].isValidSignature(Array(raw.dropFirst(4)), for: message)
            else {
                throw TransparencyError(.invalidSignature, "the signature by \(key.name)+\(NoteKey.hex(key.keyID)) does not verify: the note was altered or signed with another key")
            }
            verified.append(signature)
        }
        guard !verified.isEmpty else {
            let names = unverified.map { "\($0.name)+\(NoteKey.hex($0.keyID))" }.joined(separator: ", ")
            throw TransparencyError(.unverifiedNote, "the note has no signature by a known key (signed by: \(names)); check the verifier key")
        }
        return OpenedNote(text: String(decoding: textBytes, as: UTF8.self), verifiedSignatures: verified, unverifiedSignatures: unverified)
    }

    /// Opens a signed note given as a string; see `open(_:verifiers:)`.
    public static func open(_ note: String, verifiers: [NoteVerifier]) throws -> OpenedNote {
        try open(note.utf8, verifiers: verifiers)
    }

    private struct KeyRef: Hashable {
        let name: String
        let keyID: UInt32
    }

    private static let signaturePrefix: [UInt8] = Array("— ".utf8)

    private static func parseSignatureLine(_ line: ArraySlice<UInt8>) throws -> NoteSignature {
        guard line.starts(with: signaturePrefix) else {
            throw malformed("a signature line must start with an em dash and a space")
        }
        let body = line.dropFirst(signaturePrefix.count)
        guard let space = body.firstIndex(of: UInt8(ascii: " ")) else {
            throw malformed("a signature line must be \"— <name> <base64>\"")
        }
        let name = String(decoding: body[..<space], as: UTF8.self)
        let base64Bytes = body[(space + 1)...]
        guard NoteKey.isValidName(name), let raw = Base64.decode(base64Bytes), raw.count >= 5 else {
            throw malformed("the signature line of \"\(name)\" has an invalid name or signature")
        }
        let keyID = raw.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return NoteSignature(name: name, keyID: keyID, base64: String(decoding: base64Bytes, as: UTF8.self))
    }

    private static func malformed(_ reason: String) -> TransparencyError {
        TransparencyError(.malformedNote, "the signed note is malformed: \(reason)")
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    static func contains(_ bytes: [UInt8], _ pattern: [UInt8]) -> Bool {
        lastIndex(of: pattern, in: bytes) != nil
    }

    static func lastIndex(of pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        for start in stride(from: bytes.count - pattern.count, through: 0, by: -1)
        where bytes[start..<(start + pattern.count)].elementsEqual(pattern) {
            return start
        }
        return nil
    }
}
