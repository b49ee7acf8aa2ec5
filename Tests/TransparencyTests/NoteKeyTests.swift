import Testing
import Transparency

/// Key texts, with the vectors of Go's golang.org/x/mod/sumdb/note tests.
@Suite struct NoteKeyTests {
    static let peterSigner = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let peterVerifier = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let enochVerifier = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"

    @Test func goVectors_parseWithNameAndKeyID() throws {
        let verifier = try NoteVerifier(keyText: Self.peterVerifier)
        #expect(verifier.name == "PeterNeumann")
        #expect(verifier.keyID == 0xc74f20a3)
        #expect(verifier.keyText == Self.peterVerifier)
        let signer = try NoteSigner(keyText: Self.peterSigner)
        #expect(signer.name == "PeterNeumann" && signer.keyID == 0xc74f20a3)
        #expect(signer.verifier == verifier, "the signer derives the published verifier key")
        #expect(signer.keyText == Self.peterSigner)
        #expect(try NoteVerifier(keyText: Self.enochVerifier).keyID == 0xaf0cfe78)
    }

    @Test func verifierKey_everyTruncationAndByteChange_isRejected() {
        // As Go's TestNewVerifier: every proper substring and every single-byte increment fails.
        let bytes = Array(Self.peterVerifier.utf8)
        var accepted: [String] = []
        forEachMangling(of: bytes) { text in
            if (try? NoteVerifier(keyText: text)) != nil { accepted.append(text) }
        }
        #expect(accepted.isEmpty)
        // Wrong key length and unknown algorithm, each with a key id adjusted to match (from Go's tests).
        #expect(throws: TransparencyError.self) {
            try NoteVerifier(keyText: "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")
        }
        #expect(throws: TransparencyError.self) {
            try NoteVerifier(keyText: "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
    }

    @Test func signerKey_everyTruncationAndByteChange_isRejected() {
        let bytes = Array(Self.peterSigner.utf8)
        var accepted: [String] = []
        forEachMangling(of: bytes) { text in
            if (try? NoteSigner(keyText: text)) != nil { accepted.append(text) }
        }
        #expect(accepted.isEmpty)
    }

    @Test func generate_makesAMatchingPair() throws {
        let keys = try NoteSigner.generate(name: "trecate.example/sportello-lavoro")
        let signer = try NoteSigner(keyText: keys.signerKey)
        let verifier = try NoteVerifier(keyText: keys.verifierKey)
        #expect(signer.verifier == verifier)
        #expect(keys.signerKey.hasPrefix("PRIVATE+KEY+trecate.example/sportello-lavoro+"))
        let keyID = keys.verifierKey.split(separator: "+")[1]
        #expect(keyID.count == 8 && keyID.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(try NoteSigner.generate(name: "trecate.example/sportello-lavoro").verifierKey != keys.verifierKey)
    }

    @Test func signerDescription_hidesTheSeed() throws {
        let signer = try NoteSigner(keyText: Self.peterSigner)
        #expect(String(describing: signer) == "NoteSigner(PeterNeumann+c74f20a3)")
        var dumped = ""
        dump(signer, to: &dumped)
        #expect(!dumped.contains("seed") && dumped.contains("c74f20a3"))
    }

    @Test(arguments: ["", "a+b", "a b", "tab\there", "nbsp\u{00A0}", "ideographic\u{3000}space", "line\u{2028}sep", "ctl\u{1}"])
    func keyName_withPlusSpaceOrControl_isRejected(name: String) {
        #expect(throws: TransparencyError.self) { try NoteSigner.generate(name: name) }
        #expect(throws: TransparencyError.self) { try NoteVerifier(name: name, publicKey: [UInt8](repeating: 1, count: 32)) }
    }

    @Test func unicodeKeyName_isAccepted() throws {
        let keys = try NoteSigner.generate(name: "comune-di-trecate/sportello-è")
        #expect(try NoteVerifier(keyText: keys.verifierKey).name == "comune-di-trecate/sportello-è")
    }

    /// Calls `body` with every proper substring of `bytes` and every single-byte increment.
    private func forEachMangling(of bytes: [UInt8], _ body: (String) -> Void) {
        for i in 0...bytes.count {
            for j in (i + 1)..<(bytes.count + 1) where !(i == 0 && j == bytes.count) {
                body(String(decoding: bytes[i..<j], as: UTF8.self))
            }
        }
        for i in bytes.indices {
            var changed = bytes
            changed[i] &+= 1
            body(String(decoding: changed, as: UTF8.self))
        }
    }
}
