// The body of a C2SP tlog-witness `POST /add-checkpoint`:
//   old <size>\n
//   <base64 consistency proof hash>\n   (zero or more)
//   \n
//   <signed checkpoint note>

/// A request asking a witness to cosign a checkpoint that extends the one it saw at `oldSize`.
public struct AddCheckpointRequest: Hashable, Sendable {
    /// The most proof hashes a request may carry (a proof of trees below 2⁶³ has fewer).
    public static let maxProofHashes = 63

    /// The tree size the client believes the witness last cosigned for this log.
    public let oldSize: Int64
    /// The consistency proof from `oldSize` to the checkpoint's size.
    public let proof: [TreeHash]
    /// The signed checkpoint note, as the log signed it.
    public let note: String

    /// A request.
    public init(oldSize: Int64, proof: [TreeHash], note: String) {
        self.oldSize = oldSize
        self.proof = proof
        self.note = note
    }

    /// The request body.
    public var body: String {
        "old \(oldSize)\n" + proof.map { $0.base64 + "\n" }.joined() + "\n" + note
    }

    /// Parses a request body strictly; throws a message for the 400 answer.
    public init(parsing bytes: [UInt8]) throws {
        guard let text = String(validating: bytes, as: UTF8.self), let split = text.range(of: "\n\n") else {
            throw Self.malformed("it must be UTF-8 with a blank line between the proof and the checkpoint")
        }
        let header = text[..<split.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = header.first, first.hasPrefix("old "), let old = Self.size(first.dropFirst(4)) else {
            throw Self.malformed("the first line must be \"old <size>\"")
        }
        guard header.count - 1 <= Self.maxProofHashes else {
            throw Self.malformed("the consistency proof has \(header.count - 1) hashes, more than \(Self.maxProofHashes)")
        }
        var proof: [TreeHash] = []
        for line in header.dropFirst() {
            guard let hash = TreeHash(base64: line) else { throw Self.malformed("a proof line is not the base64 of 32 bytes") }
            proof.append(hash)
        }
        self.init(oldSize: old, proof: proof, note: String(text[split.upperBound...]))
    }

    private static func size(_ digits: Substring) -> Int64? {
        guard let first = digits.first, first != "0" || digits.count == 1, digits.allSatisfy(\.isASCIIDigitCharacter) else { return nil }
        return Int64(digits)
    }

    private static func malformed(_ why: String) -> TransparencyError {
        TransparencyError(.malformedNote, "the add-checkpoint request is malformed: \(why)")
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}
