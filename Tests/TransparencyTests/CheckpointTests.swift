import Testing
import Transparency

@Suite struct CheckpointTests {
    let root = MerkleHash.leafHash(Array("root".utf8))

    @Test func text_isOriginSizeAndBase64Root() throws {
        let checkpoint = try Checkpoint(origin: "trecate.example/sportello-lavoro", size: 20852163, rootHash: root)
        #expect(checkpoint.text == "trecate.example/sportello-lavoro\n20852163\n\(root.base64)\n")
        #expect(try Checkpoint(parsing: checkpoint.text) == checkpoint)
    }

    @Test func parsing_keepsExtensionLines() throws {
        let text = "example.com/behind-the-sofa\n0\n\(MerkleHash.emptyRoot.base64)\nTimestamp: 1\n— not a signature\n"
        let checkpoint = try Checkpoint(parsing: text)
        #expect(checkpoint.size == 0 && checkpoint.rootHash == MerkleHash.emptyRoot)
        #expect(checkpoint.extensions == ["Timestamp: 1", "— not a signature"])
        #expect(checkpoint.text == text)
    }

    @Test func parsing_rejectsMalformedBodies() {
        let root64 = root.base64
        let bad = [
            "",
            "origin\n1\n\(root64)",
            "origin\n1\n",
            "\n1\n\(root64)\n",
            "origin\n01\n\(root64)\n",
            "origin\n+1\n\(root64)\n",
            "origin\n-1\n\(root64)\n",
            "origin\n 1\n\(root64)\n",
            "origin\n1.0\n\(root64)\n",
            "origin\n99999999999999999999\n\(root64)\n",
            "origin\n1\n\(root.hex)\n",
            "origin\n1\n\(root64.dropLast())\n",
            "origin\n1\n\(root64)\n\n",
            "origin\n1\n\(root64)\n\nextra\n",
        ]
        for text in bad {
            #expect(throws: TransparencyError.self, "\(text.debugDescription)") { try Checkpoint(parsing: text) }
        }
    }

    @Test func init_rejectsFieldsThatAreNotLines() {
        #expect(throws: TransparencyError.self) { try Checkpoint(origin: "", size: 1, rootHash: root) }
        #expect(throws: TransparencyError.self) { try Checkpoint(origin: "a\nb", size: 1, rootHash: root) }
        #expect(throws: TransparencyError.self) { try Checkpoint(origin: "a", size: -1, rootHash: root) }
        #expect(throws: TransparencyError.self) { try Checkpoint(origin: "a", size: 1, rootHash: root, extensions: [""]) }
    }

    @Test func signedCheckpoint_roundTripsThroughANote() throws {
        let keys = try NoteSigner.generate(name: "trecate.example/sportello-lavoro")
        let signer = try NoteSigner(keyText: keys.signerKey)
        let checkpoint = try Checkpoint(origin: "trecate.example/sportello-lavoro", size: 7, rootHash: root)
        let note = try signer.sign(text: checkpoint.text)
        let opened = try NoteVerifier(keyText: keys.verifierKey).open(note: note)
        #expect(try Checkpoint(parsing: opened.text) == checkpoint)
    }
}
