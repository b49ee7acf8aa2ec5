import Foundation
import Testing
import Transparency

/// Signing and opening notes, with the vectors of Go's note_test.go.
@Suite struct SignedNoteTests {
    static let text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let peterSig = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
    static let enochSig = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"

    let peter: NoteVerifier
    let enoch: NoteVerifier

    init() throws {
        peter = try NoteVerifier(keyText: NoteKeyTests.peterVerifier)
        enoch = try NoteVerifier(keyText: NoteKeyTests.enochVerifier)
    }

    @Test func sign_reproducesGoSignature() throws {
        let signer = try NoteSigner(keyText: NoteKeyTests.peterSigner)
        let note = try signer.sign(text: Self.text)
        #if os(Linux)
        // BoringSSL's Ed25519 is deterministic (RFC 8032), like Go's; CryptoKit randomises signatures.
        #expect(note == Self.text + "\n" + Self.peterSig)
        #endif
        #expect(try peter.open(note: note).text == Self.text)
    }

    @Test func open_goNote_verifiesKnownAndKeepsUnknownSignatures() throws {
        let note = Self.text + "\n" + Self.peterSig + Self.enochSig
        let opened = try SignedNote.open(note, verifiers: [peter])
        #expect(opened.text == Self.text)
        #expect(opened.verifiedSignatures.map(\.name) == ["PeterNeumann"])
        #expect(opened.verifiedSignatures.first?.keyID == 0xc74f20a3)
        #expect(opened.unverifiedSignatures.map(\.name) == ["EnochRoot"])

        let both = try SignedNote.open(note, verifiers: [peter, enoch])
        #expect(both.verifiedSignatures.map(\.keyID) == [0xc74f20a3, 0xaf0cfe78])
        #expect(both.unverifiedSignatures.isEmpty)
    }

    @Test func open_withoutKnownSignature_isUnverified() {
        let note = Self.text + "\n" + Self.peterSig + Self.enochSig
        #expect(throws: TransparencyError.self) { try SignedNote.open(note, verifiers: []) }
        do {
            _ = try SignedNote.open(Self.text + "\n" + Self.enochSig, verifiers: [peter])
            Issue.record("a note signed only by an unknown key must not open")
        } catch let error as TransparencyError {
            #expect(error.code == .unverifiedNote)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func open_duplicateSignatures_areCountedOnce() throws {
        let badEnoch = Self.insertABCD(into: Self.enochSig)
        let note = Self.text + "\n" + Self.peterSig + Self.peterSig + Self.enochSig + Self.enochSig + badEnoch
        let opened = try SignedNote.open(note, verifiers: [peter])
        #expect(opened.verifiedSignatures.count == 1)
        #expect(opened.unverifiedSignatures.count == 2)
    }

    @Test func open_tooManySignatures_isMalformed() {
        let note = Self.text + "\n" + String(repeating: Self.peterSig, count: 101)
        #expect(code(of: { try SignedNote.open(note, verifiers: [peter]) }) == .malformedNote)
        let hundred = Self.text + "\n" + String(repeating: Self.peterSig, count: 100)
        #expect(code(of: { try SignedNote.open(hundred, verifiers: [peter]) }) == nil)
    }

    @Test func open_tamperedSignatureTextOrKeyID_isRejected() {
        let note = Self.text + "\n" + Self.peterSig
        // Go's case: four extra base64 digits inside the signature.
        #expect(code(of: { try peter.open(note: Self.text + "\n" + Self.insertABCD(into: Self.peterSig)) }) == .invalidSignature)
        // One changed letter in the text.
        #expect(code(of: { try peter.open(note: note.replacingOccurrences(of: "problem,", with: "problem;")) }) == .invalidSignature)
        // A flipped bit in the signature bytes (base64 digit 'g' → 'h' after the key id).
        #expect(code(of: { try peter.open(note: note.replacingOccurrences(of: "ZJkuBS9UG", with: "ZJkuBS9UH")) }) == .invalidSignature)
        // Another key id: the signature no longer names this key, so nothing known signed the note.
        #expect(code(of: { try peter.open(note: note.replacingOccurrences(of: "x08g", with: "xxxx")) }) == .unverifiedNote)
        // Another name with the same key id.
        #expect(code(of: { try peter.open(note: note.replacingOccurrences(of: "PeterNeumann", with: "CarmenSandiego")) }) == .unverifiedNote)
    }

    @Test func open_malformedNotes_areRejected() {
        let bad: [[UInt8]] = [
            Self.text,
            Self.text + "\n",
            Self.text + "\n" + String(Self.peterSig.dropLast()),
            "\u{1}" + Self.text + "\n" + Self.peterSig,
            Self.text + "\n" + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
            Self.text + "\n" + Self.peterSig + "Unexpected line.\n",
            Self.text + "\n" + Self.peterSig.replacingOccurrences(of: "—", with: "-"),
        ].map { Array($0.utf8) } + [[0xff] + Array((Self.text + "\n" + Self.peterSig).utf8)]
        for note in bad {
            #expect(code(of: { try SignedNote.open(note, verifiers: [peter]) }) == .malformedNote, "\(String(decoding: note, as: UTF8.self))")
        }
    }

    @Test func sign_rejectsTextsThatCannotBeNotes() throws {
        let signer = try NoteSigner(keyText: NoteKeyTests.peterSigner)
        for text in ["", "abc", "a\n\nb\n", "\nabc\n", "tab\there\n", "cr\r\n"] {
            #expect(code(of: { try signer.sign(text: text) }) == .malformedNote, "\(text.debugDescription)")
        }
    }

    @Test func signedNotes_verifyWithPythonCryptography() throws {
        var cases = CrossCheckCases()
        let keys = try NoteSigner.generate(name: "trecate.example/sportello-lavoro")
        let signer = try NoteSigner(keyText: keys.signerKey)
        let checkpoint = try Checkpoint(origin: "trecate.example/sportello-lavoro", size: 42, rootHash: MerkleHash.leafHash([1, 2, 3]))
        let note = try signer.sign(text: checkpoint.text)
        try cases.addNote(verifierKey: keys.verifierKey, note: note, valid: true)
        try cases.addNote(verifierKey: NoteKeyTests.peterVerifier, note: Self.text + "\n" + Self.peterSig, valid: true)
        try cases.addNote(verifierKey: NoteKeyTests.enochVerifier, note: Self.text + "\n" + Self.peterSig + Self.enochSig, valid: true)
        try cases.addNote(verifierKey: keys.verifierKey, note: note.replacingOccurrences(of: "\n42\n", with: "\n43\n"), valid: false)
        try cases.addNote(verifierKey: NoteKeyTests.peterVerifier, note: note, valid: false)
        let result = try #require(try runPythonCrossCheck(cases.json))
        #expect(result.notes == 5 && result.validNotes == 3)
        #expect(result.mismatches == 0)
    }

    private static func insertABCD(into signatureLine: String) -> String {
        var bytes = Array(signatureLine.utf8)
        bytes.insert(contentsOf: Array("ABCD".utf8), at: 60)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func code(of body: () throws -> some Any) -> TransparencyError.Code? {
        do {
            _ = try body()
            return nil
        } catch let error as TransparencyError {
            return error.code
        } catch {
            return TransparencyError.Code("unexpected \(error)")
        }
    }
}
