// C2SP tlog-checkpoint: the text of a signed note committing a log to a tree head.
//   <origin>\n<decimal tree size>\n<base64 root hash>\n[<extension line>\n ...]

/// A transparency log checkpoint: origin, tree size and root hash, plus any extension lines.
public struct Checkpoint: Hashable, Sendable {
    /// The log's unique name, conventionally a schema-less URL.
    public let origin: String
    /// The number of records in the tree.
    public let size: Int64
    /// The RFC 9162 root of the first `size` records.
    public let rootHash: TreeHash
    /// Lines after the root hash, kept verbatim; Albo writes none and interprets none.
    public let extensions: [String]

    /// Creates a checkpoint; throws if a field cannot be written as a line.
    public init(origin: String, size: Int64, rootHash: TreeHash, extensions: [String] = []) throws {
        guard Self.isValidLine(origin) else {
            throw Self.malformed("the origin must be a non-empty line without control characters")
        }
        guard size >= 0 else {
            throw Self.malformed("the tree size cannot be negative")
        }
        guard extensions.allSatisfy(Self.isValidLine) else {
            throw Self.malformed("every extension line must be non-empty, without control characters")
        }
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// Parses a checkpoint body, the text of an opened signed note, strictly.
    public init(parsing text: String) throws {
        guard text.utf8.last == UInt8(ascii: "\n") else {
            throw Self.malformed("it must end in a newline")
        }
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
        guard lines.count >= 3 else {
            throw Self.malformed("it needs an origin, a tree size and a root hash line, found \(lines.count) lines")
        }
        let sizeLine = lines[lines.startIndex + 1]
        guard let size = Self.parseSize(sizeLine) else {
            throw Self.malformed("the tree size \"\(String(decoding: sizeLine, as: UTF8.self))\" must be a decimal number without sign or leading zeros")
        }
        let rootLine = lines[lines.startIndex + 2]
        guard let root = TreeHash(base64: String(decoding: rootLine, as: UTF8.self)) else {
            throw Self.malformed("the root hash must be the padded base64 of 32 bytes")
        }
        try self.init(
            origin: String(decoding: lines[lines.startIndex], as: UTF8.self),
            size: size,
            rootHash: root,
            extensions: lines.dropFirst(3).map { String(decoding: $0, as: UTF8.self) }
        )
    }

    /// The checkpoint body, ready to be signed as a note.
    public var text: String {
        ([origin, String(size), rootHash.base64] + extensions).map { $0 + "\n" }.joined()
    }

    private static func parseSize(_ digits: some Collection<UInt8>) -> Int64? {
        guard let first = digits.first, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              first != UInt8(ascii: "0") || digits.count == 1
        else { return nil }
        // Int64 parsing reports overflow as nil, which we want for absurd sizes.
        return Int64(String(decoding: digits, as: UTF8.self))
    }

    private static func isValidLine(_ line: String) -> Bool {
        !line.isEmpty && !line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }
    }

    private static func malformed(_ reason: String) -> TransparencyError {
        TransparencyError(.malformedCheckpoint, "the checkpoint is malformed: \(reason)")
    }
}
