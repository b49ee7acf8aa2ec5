import Testing
import Transparency

/// Witness (cosignature/v1, type 0x04) keys are parsed by the same rules as note keys, with
/// their own type byte: neither kind of key passes for the other.
@Suite("Cosignature keys: the note key rules with type 0x04")
struct CosignatureKeyTests {
    @Test("a witness key round-trips; a note key is not a witness key, nor the reverse")
    func keyKinds_areNotInterchangeable() throws {
        let witness = try CosignatureSigner.generate(name: "witness.example/w1")
        let note = try NoteSigner.generate(name: "witness.example/w1")
        #expect(try CosignatureVerifier(keyText: witness.verifierKey).keyText == witness.verifierKey)
        #expect(try CosignatureSigner(keyText: witness.signerKey).verifier.keyText == witness.verifierKey)
        #expect(throws: (any Error).self) { try CosignatureVerifier(keyText: note.verifierKey) }
        #expect(throws: (any Error).self) { try CosignatureSigner(keyText: note.signerKey) }
        #expect(throws: (any Error).self) { try NoteVerifier(keyText: witness.verifierKey) }
    }

    @Test("the key id commits to the type byte: a note key's id over the same name and key differs")
    func keyID_coversTheTypeByte() throws {
        let witness = try CosignatureVerifier(keyText: try CosignatureSigner.generate(name: "w.example/a").verifierKey)
        let asNote = try NoteVerifier(name: witness.name, publicKey: witness.publicKey)
        #expect(witness.keyID != asNote.keyID)
    }

    @Test("a witness key with a bad name or a signed key id is refused, as a note key is")
    func malformedWitnessKeys_areRefused() throws {
        let text = try CosignatureSigner.generate(name: "w.example/a").verifierKey
        let fields = text.split(separator: "+", maxSplits: 2).map(String.init)
        #expect(throws: (any Error).self) { try CosignatureVerifier(keyText: "w example+" + fields[1] + "+" + fields[2]) }
        let signedID = "-" + fields[1].dropFirst()
        #expect(throws: (any Error).self) { try CosignatureVerifier(keyText: fields[0] + "+" + signedID + "+" + fields[2]) }
    }
}
