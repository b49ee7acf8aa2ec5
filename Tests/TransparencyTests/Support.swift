import AlboTestSupport
import Foundation
import Testing
import Transparency

/// The classic RFC 6962 / transparency-dev test leaves: the data of leaves 0…7.
let rfc6962Leaves: [[UInt8]] = [
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
].map { hexBytes($0) }

/// Decodes hex known to be valid in a fixture.
func hexBytes(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        bytes.append(UInt8(text[index..<next], radix: 16) ?? 0)
        index = next
    }
    return bytes
}

/// A hash from a fixture's hex; records an issue instead of crashing on a typo.
func hash(_ hex: String, sourceLocation: SourceLocation = #_sourceLocation) -> TreeHash {
    guard let hash = TreeHash(hex: hex) else {
        Issue.record("fixture hash \(hex) is not 64 hex digits", sourceLocation: sourceLocation)
        return .zero
    }
    return hash
}

/// Distinct leaf data for generated trees.
func leafData(_ i: Int) -> [UInt8] { Array("albo-record-\(i)".utf8) }

/// RFC 9162 §2.1.1 MTH, written as the definition reads: the reference the stored-hash code must match.
func naiveRoot(_ leaves: ArraySlice<TreeHash>) -> TreeHash {
    if leaves.isEmpty { return MerkleHash.emptyRoot }
    if leaves.count == 1 { return leaves[leaves.startIndex] }
    var k = 1
    while k * 2 < leaves.count { k *= 2 }
    let split = leaves.startIndex + k
    return MerkleHash.nodeHash(naiveRoot(leaves[..<split]), naiveRoot(leaves[split...]))
}

/// A reader that counts its calls, to pin how many reads an operation makes.
final class CountingReader: HashReader {
    let store: MemoryHashStore
    private(set) var calls = 0
    private(set) var hashesRead = 0

    init(_ store: MemoryHashStore) { self.store = store }

    func readHashes(_ indexes: [Int64]) throws -> [TreeHash] {
        calls += 1
        hashesRead += indexes.count
        return try store.readHashes(indexes)
    }
}

/// What the Python cross-checker reported.
struct CrossCheckResult: Decodable {
    var inclusion: Int
    var consistency: Int
    var notes: Int
    /// Cases Python found valid, as expected.
    var validInclusion: Int
    var validConsistency: Int
    var validNotes: Int
    /// Inclusion proofs judged against a signed checkpoint's own size and root.
    var checkpointInclusion: Int
    var validCheckpointInclusion: Int
    var mismatches: Int
}

/// Writes `cases` to a JSON file and runs Tools/transparency_check.py on it in one Python process.
///
/// Fails, never skips, when python3 or a package is missing: the cross-check is part of the test.
func runPythonCrossCheck(_ cases: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> CrossCheckResult? {
    let input = FileManager.default.temporaryDirectory.appendingPathComponent("transparency-check-\(UUID().uuidString).json")
    try Data(cases).write(to: input)
    defer { try? FileManager.default.removeItem(at: input) }

    let run: Subprocess.Result
    do {
        run = try Subprocess.python([Paths.tool("transparency_check.py"), input.path])
    } catch {
        Issue.record("cannot start \(Paths.python) for the independent cross-check (\(error)); run `bash Tools/install-deps.sh` (it puts `cryptography` and `rekor-verifier` in .venv)", sourceLocation: sourceLocation)
        return nil
    }
    guard run.code == 0 else {
        Issue.record("Tools/transparency_check.py exited \(run.code) (run `bash Tools/install-deps.sh` for `cryptography` and `rekor-verifier` in .venv): \(run.stderr)", sourceLocation: sourceLocation)
        return nil
    }
    return try JSONDecoder().decode(CrossCheckResult.self, from: Data(run.stdout.utf8))
}

/// Builds the cross-checker's JSON. Proofs of one tree share most hashes, so each distinct hash is
/// written once, in hex, to a table that cases refer to by position: 5 MB instead of 60.
struct CrossCheckCases {
    private var table: [TreeHash: Int] = [:]
    private var hashes: [String] = []
    private var inclusion: [String] = []
    private var consistency: [String] = []
    private var notes: [String] = []
    private var checkpointInclusion: [String] = []

    mutating func addInclusion(index: Int64, size: Int64, leaf: TreeHash, proof: [TreeHash], root: TreeHash, valid: Bool) {
        inclusion.append("[\(index),\(size),\(ref(leaf)),\(refs(proof)),\(ref(root)),\(valid)]")
    }

    mutating func addConsistency(from: Int64, to: Int64, proof: [TreeHash], fromRoot: TreeHash, toRoot: TreeHash, valid: Bool) {
        consistency.append("[\(from),\(to),\(refs(proof)),\(ref(fromRoot)),\(ref(toRoot)),\(valid)]")
    }

    /// A proof of `leaf` at `index` for a tree of `proofSize`, to be judged against the signed checkpoint `note`.
    mutating func addCheckpointInclusion(verifierKey: String, note: String, index: Int64, proofSize: Int64, leaf: TreeHash,
                                         proof: [TreeHash], valid: Bool) throws {
        let strings = String(decoding: try JSONEncoder().encode([verifierKey, note]), as: UTF8.self)
        checkpointInclusion.append("\(strings.dropLast()),\(index),\(proofSize),\(ref(leaf)),\(refs(proof)),\(valid)]")
    }

    mutating func addNote(verifierKey: String, note: String, valid: Bool) throws {
        let strings = String(decoding: try JSONEncoder().encode([verifierKey, note]), as: UTF8.self)
        notes.append("\(strings.dropLast()),\(valid)]")
    }

    var json: [UInt8] {
        let text = "{\"hashes\":[\(hashes.joined(separator: ","))],"
            + "\"inclusion\":[\(inclusion.joined(separator: ","))],"
            + "\"consistency\":[\(consistency.joined(separator: ","))],"
            + "\"notes\":[\(notes.joined(separator: ","))],"
            + "\"checkpointInclusion\":[\(checkpointInclusion.joined(separator: ","))]}"
        return Array(text.utf8)
    }

    private mutating func ref(_ hash: TreeHash) -> Int {
        if let position = table[hash] { return position }
        table[hash] = hashes.count
        hashes.append("\"\(hash.hex)\"")
        return hashes.count - 1
    }

    private mutating func refs(_ proof: [TreeHash]) -> String {
        var text = "["
        for (i, hash) in proof.enumerated() {
            text += i == 0 ? "\(ref(hash))" : ",\(ref(hash))"
        }
        return text + "]"
    }
}
