import AlboTestSupport
import AlboDomain
@testable import AlboEvidence
import Foundation
import Testing
import Transparency

/// Each tampering an operator could try on an exported bundle, and what must notice it.
enum Tampering: String, CaseIterable, CustomTestStringConvertible {
    case inflatedAmount, droppedRejection, editedEvent, swappedEvents, forgedProofHash, checkpointResigned, manifestMismatch
    // Forged proofs: for another tree size, a one-leaf tree whose root is the leaf, a path cut short, another leaf's path.
    case proofWrongSize, proofOwnRoot, proofShortPath, proofOtherLeaf
    // A third party's key added; an event (and its proof) removed from the middle of a listed stream.
    case thirdPartyKey, versionGap

    var testDescription: String { rawValue }

    /// Changes `files` as an attacker would; every case but `manifestMismatch` re-hashes the manifest,
    /// which is unsigned and so never enough on its own.
    func apply(_ files: inout [String: [UInt8]]) throws {
        func text(_ name: String) -> String { String(decoding: files[name] ?? [], as: UTF8.self) }
        func lines(_ name: String) -> [String] { text(name).components(separatedBy: "\n") }
        switch self {
        case .inflatedAmount:
            let payments = text("payments.csv").replacingOccurrences(of: ",150000\r\n", with: ",950000\r\n")
            files["payments.csv"] = Array(payments.utf8)
        case .droppedRejection:
            // The careful forger also lowers the count in the summary.
            let rejected = text("rejected.csv").components(separatedBy: "\r\n").filter { !$0.contains("no-tariff") }.joined(separator: "\r\n")
            let summary = text("summary.json").replacingOccurrences(of: #""rejected":3"#, with: #""rejected":2"#)
            files["rejected.csv"] = Array(rejected.utf8)
            files["summary.json"] = Array(summary.utf8)
        case .editedEvent:
            // Turn the 3-month contract into 9 months and fix up the proof's leaf hash to match.
            var events = lines("events.ndjson")
            var proofs = lines("proofs.ndjson")
            let i = try #require(events.firstIndex { $0.contains(#""months":3"#) })
            events[i] = events[i].replacingOccurrences(of: #""months":3"#, with: #""months":9"#)
            let oldLeaf = MerkleHash.leafHash(Array(lines("events.ndjson")[i].utf8)).hex
            proofs[i] = proofs[i].replacingOccurrences(of: oldLeaf, with: MerkleHash.leafHash(Array(events[i].utf8)).hex)
            files["events.ndjson"] = Array(events.joined(separator: "\n").utf8)
            files["proofs.ndjson"] = Array(proofs.joined(separator: "\n").utf8)
        case .swappedEvents:
            var events = lines("events.ndjson")
            var proofs = lines("proofs.ndjson")
            events.swapAt(2, 3)
            proofs.swapAt(2, 3)
            files["events.ndjson"] = Array(events.joined(separator: "\n").utf8)
            files["proofs.ndjson"] = Array(proofs.joined(separator: "\n").utf8)
        case .forgedProofHash:
            var proofs = lines("proofs.ndjson")
            let first = try #require(proofs[0].range(of: #"{"hashes":[""#)).upperBound
            proofs[0].replaceSubrange(first...first, with: proofs[0][first] == "0" ? "1" : "0")
            files["proofs.ndjson"] = Array(proofs.joined(separator: "\n").utf8)
        case .checkpointResigned:
            // Same key name, another key: the note looks right but is not the log's.
            let other = try NoteSigner(keyText: try NoteSigner.generate(name: "test.example-sesto").signerKey)
            let note = text("checkpoint")
            let blank = try #require(note.range(of: "\n\n"))
            let body = String(note[..<blank.upperBound].dropLast())
            let note2 = try other.sign(text: body)
            files["checkpoint"] = Array(note2.utf8)
        case .proofWrongSize, .proofOwnRoot, .proofShortPath, .proofOtherLeaf:
            var proofs = lines("proofs.ndjson")
            func object(_ i: Int) throws -> [String: JSONValue] { try #require(try JSONParser.parse(proofs[i]).objectValue) }
            var line = try object(1)
            switch self {
            case .proofWrongSize: line["treeSize"] = .integer(12)
            case .proofOwnRoot:
                line = try object(0)
                line["treeSize"] = .integer(1)
                line["hashes"] = .array([])
                line["rootHash"] = line["leafHash"]
            case .proofShortPath: line["hashes"] = .array(Array(try #require(line["hashes"]?.arrayValue).dropLast()))
            default: line["hashes"] = try object(2)["hashes"]
            }
            proofs[self == .proofOwnRoot ? 0 : 1] = String(decoding: CanonicalJSON.encode(.object(line)), as: UTF8.self)
            files["proofs.ndjson"] = Array(proofs.joined(separator: "\n").utf8)
        case .thirdPartyKey:
            files["subjects.json"] = Array(#"{"s-aaaaaaaaaaaaaaaaaaaaaaaaaa":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#.utf8) + [0x0A]
        case .versionGap:
            // The 3-month placement of C-2 (seq 4, version 2) goes, with its proof and its rejection.
            var events = lines("events.ndjson")
            var proofs = lines("proofs.ndjson")
            let i = try #require(events.firstIndex { $0.contains(#""months":3"#) })
            events.remove(at: i)
            proofs.remove(at: i)
            files["events.ndjson"] = Array(events.joined(separator: "\n").utf8)
            files["proofs.ndjson"] = Array(proofs.joined(separator: "\n").utf8)
            let rejected = text("rejected.csv").components(separatedBy: "\r\n").filter { !$0.contains("fixed-term-too-short") }.joined(separator: "\r\n")
            files["rejected.csv"] = Array(rejected.utf8)
            files["summary.json"] = Array(text("summary.json").replacingOccurrences(of: #""rejected":3"#, with: #""rejected":2"#).utf8)
        case .manifestMismatch:
            let summary = text("summary.json").replacingOccurrences(of: #""totalCents":350000"#, with: #""totalCents":950000"#)
            files["summary.json"] = Array(summary.utf8)
            return
        }
        files["manifest.json"] = PaymentExporter.manifest(files)
    }

    /// What the Swift verifier's report must name.
    var swiftFinding: String {
        switch self {
        case .inflatedAmount: "payments.csv line 2: differs from the recomputation"
        case .droppedRejection: "rejected.csv line 3: differs from the recomputation"
        case .editedEvent: "proofs.ndjson line 5 (seq 4): the inclusion proof fails"
        case .swappedEvents: "events.ndjson line 4 (seq 2): seq 2 follows seq 3"
        case .forgedProofHash: "proofs.ndjson line 1 (seq 0): the inclusion proof fails"
        case .checkpointResigned: "checkpoint: the note has no signature by a known key"
        case .manifestMismatch: "summary.json: its SHA-256 is"
        case .proofWrongSize: "proofs.ndjson line 2 (seq 1): is for tree size 12, the checkpoint's is"
        case .proofOwnRoot: "proofs.ndjson line 1 (seq 0): "
        case .proofShortPath, .proofOtherLeaf: "proofs.ndjson line 2 (seq 1): the inclusion proof fails"
        case .thirdPartyKey: "subjects.json: holds a key for s-aaaaaaaaaaaaaaaaaaaaaaaaaa, whom no sealed field of events.ndjson names"
        case .versionGap: "events.ndjson (seq 5): case:C-2 jumps to version 3 where version 2 is expected"
        }
    }

    /// What the Python verifier's report must name.
    var pythonFinding: String {
        switch self {
        case .inflatedAmount: "payments.csv line 2: differs from the recomputation"
        case .droppedRejection: "rejected.csv line 3: differs from the recomputation"
        case .editedEvent: "events.ndjson line 5 (seq 4): the inclusion proof does not lead to the checkpoint's root"
        case .swappedEvents: "events.ndjson line 4 (seq 2): not in increasing seq order"
        case .forgedProofHash: "events.ndjson line 1 (seq 0): the inclusion proof does not lead to the checkpoint's root"
        case .checkpointResigned: "checkpoint: not verified"
        case .manifestMismatch: "summary.json: its SHA-256 does not match manifest.json"
        case .proofWrongSize: "events.ndjson line 2 (seq 1): its leaf hash, seq or tree size differs from proofs.ndjson"
        case .proofOwnRoot: "events.ndjson line 1 (seq 0): its leaf hash, seq or tree size differs from proofs.ndjson"
        case .proofShortPath: "events.ndjson line 2 (seq 1): bad inclusion proof: the proof is too short"
        case .proofOtherLeaf: "events.ndjson line 2 (seq 1): the inclusion proof does not lead to the checkpoint's root"
        case .thirdPartyKey: "subjects.json: holds a key for s-aaaaaaaaaaaaaaaaaaaaaaaaaa, whom no sealed field of events.ndjson names"
        case .versionGap: "events.ndjson: case:C-2 is not complete: versions [1, 3]"
        }
    }
}

/// Writes bundle files as they are, tampered or not.
func writeFiles(_ files: [String: [UInt8]], to directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
    for (name, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name)) }
}

/// Both verifiers, the Swift one (library and CLI) and the auditor's Python one, on real bundles.
@Suite struct TamperingTests {
    /// The bundle of `ExportTests.claimStore`, with its verifier key file.
    private func exported() throws -> (files: [String: [UInt8]], dir: TempDirectory, vkey: String) {
        let store = try ExportTests.claimStore()
        let files = try exportBundle(store, from: "2023-01-01", to: "2023-06-30").files
        let dir = try TempDirectory()
        return (files, dir, try dir.file("sesto.vkey", TestKeys.pair.verifierKey + "\n"))
    }

    @Test func anUntouchedBundlePassesBothVerifiers() throws {
        let (files, dir, vkey) = try exported()
        let out = dir.path + "/bundle"
        try writeFiles(files, to: out)
        let swift = try albo(["verify-bundle", out, "--vkey", vkey])
        #expect(swift.code == 0, "\(swift.stderr)")
        #expect(swift.stdout.contains("bundle OK: 11 events, 2 eligible, 3 rejected, total €3,500.00"))
        let python = try pythonVerifier(out, vkey)
        #expect(python.code == 0, "\(python.stdout)\(python.stderr)")
        #expect(python.stdout.contains("bundle OK: 11 events, 2 eligible, 3 rejected, total €3,500.00"))
    }

    @Test(arguments: Tampering.allCases)
    func eachTamperingIsCaughtByBothVerifiers(_ tampering: Tampering) throws {
        var (files, dir, vkey) = try exported()
        try tampering.apply(&files)
        let out = dir.path + "/bundle"
        try writeFiles(files, to: out)

        guard case .failure(let failure) = BundleVerifier.verify(directory: out, verifier: try TestKeys.verifier) else {
            Issue.record("the Swift verifier accepted a bundle with \(tampering)")
            return
        }
        #expect(failure.problems.contains { $0.description.hasPrefix(tampering.swiftFinding) }, "\(failure)")

        let cli = try albo(["verify-bundle", out, "--vkey", vkey])
        #expect(cli.code == 2)
        #expect(cli.stderr.contains(tampering.swiftFinding), "\(cli.stderr)")

        let python = try pythonVerifier(out, vkey)
        #expect(python.code == 2, "\(python.stdout)\(python.stderr)")
        #expect(python.stderr.contains(tampering.pythonFinding), "\(python.stderr)")
    }
}
