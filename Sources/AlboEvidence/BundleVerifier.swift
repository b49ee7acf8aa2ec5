public import Transparency
import AlboDomain
import AlboSealing
import Crypto
import Foundation

/// What a bundle that verified states.
public struct BundleReport: Sendable, Equatable {
    public var events: Int
    public var eligible: Int
    public var rejected: Int
    public var totalCents: Int64
    public var treeSize: UInt64
    public var rootHash: TreeHash
    /// The checks made, one sentence each, for the auditor's record.
    public var checks: [String]
}

/// Checks a bundle offline (docs/reference.md §7): nothing but its files and the verifier key.
///
/// Every check runs even after a failure, so the report names every problem it can;
/// checks that need an earlier result (a root, parsed events) are skipped when it failed.
public enum BundleVerifier {
    /// Reads the bundle in `directory` and verifies it.
    public static func verify(directory: String, verifier: NoteVerifier) -> Result<BundleReport, BundleFailure> {
        var files: [String: [UInt8]] = [:]
        for name in BundleFile.covered + [BundleFile.manifest] {
            if let data = FileManager.default.contents(atPath: directory + "/" + name) { files[name] = Array(data) }
        }
        return verify(files: files, verifier: verifier)
    }

    /// Verifies a bundle given as file name → bytes.
    public static func verify(files: [String: [UInt8]], verifier: NoteVerifier) -> Result<BundleReport, BundleFailure> {
        var problems: [BundleProblem] = []
        var checks: [String] = []
        func check(_ sentence: String, _ body: () throws(BundleProblem) -> Void) {
            do { try body(); checks.append(sentence) } catch { problems.append(error) }
        }

        // 1. The manifest covers every file and each hash matches.
        checkManifest(files, &problems)
        if problems.isEmpty { checks.append("manifest.json: the SHA-256 of all \(BundleFile.covered.count) files match") }

        // 2. The checkpoint is signed by the given key and parses as a C2SP checkpoint.
        var checkpoint: Checkpoint?
        check("checkpoint: signed by \(verifier.keyText.split(separator: "+").prefix(2).joined(separator: "+")), a valid C2SP checkpoint") {
            () throws(BundleProblem) in checkpoint = try openCheckpoint(files[BundleFile.checkpoint], verifier)
        }

        // 3. Each event is canonical and proven included in the checkpoint's tree.
        let events = EventLines.read(files, checkpoint: checkpoint, problems: &problems)
        if let events, let checkpoint, !events.records.isEmpty {
            checks.append("events.ndjson: \(events.records.count) events in RFC 8785 form, in seq order, each with an RFC 9162 inclusion proof to the root of tree size \(checkpoint.size)")
        }

        // 4. The events are complete streams, and the claim recomputes to the same bytes.
        var claim: PaymentClaim?
        var opened: [StoredRecord]?
        if let events {
            opened = SubjectKeys.open(events.records, files[BundleFile.subjects], &problems)
            if opened != nil, events.records.contains(where: { !Keyring.subjects(of: $0).isEmpty }) {
                checks.append("subjects.json: exactly the keys of the bundle's own subjects; every sealed personal field opens with its subject's key (AES-256-GCM)")
            }
        }
        if let opened, let checkpoint {
            claim = ClaimRecomputation.run(opened, files: files, checkpoint: checkpoint, problems: &problems)
            if claim != nil, problems.isEmpty {
                checks.append("streams: the protocol and every listed case are complete (versions 1…n, no gap), voided events present")
                if opened.contains(where: { $0.type == .claimFiled }) {
                    checks.append("claim: every case it names is complete up to the version it recorded, and its lines are what the payment rules give on the events before it")
                }
                checks.append("payments.csv, rejected.csv, summary.json: identical to the recomputation from events.ndjson")
            }
        }
        guard problems.isEmpty, let claim, let checkpoint, let events, opened != nil else {
            return .failure(BundleFailure(problems: problems))
        }
        return .success(BundleReport(events: events.records.count, eligible: claim.payments.count, rejected: claim.rejections.count,
                                     totalCents: claim.totalCents, treeSize: UInt64(checkpoint.size), rootHash: checkpoint.rootHash,
                                     checks: checks))
    }

    // MARK: - Sealed fields

    /// Opens the events' sealed fields with the keys in `subjects.json`.
    enum SubjectKeys {
        static func open(_ records: [StoredRecord], _ bytes: [UInt8]?, _ problems: inout [BundleProblem]) -> [StoredRecord]? {
            let name = BundleFile.subjects
            guard let bytes, case .object(let entries)? = try? JSONParser.parse(bytes) else {
                problems.append(BundleProblem(file: name, "missing or not a JSON object of subject reference → base64url key"))
                return nil
            }
            var keyring = Keyring()
            for (subject, value) in entries {
                guard let text = value.stringValue, let key = SubjectKey(text: text), SubjectReference.isValid(subject) else {
                    problems.append(BundleProblem(file: name, "\(subject) is not a subject reference with a 32-byte base64url key"))
                    return nil
                }
                keyring.add(person: nil, subject: subject, key: key)
            }
            // Exactly the bundle's own subjects: a key for anyone else discloses a third party.
            var own = Set<String>()
            for r in records { own.formUnion(Keyring.subjects(of: r)) }
            var ok = true
            for subject in entries.keys.sorted() where !own.contains(subject) {
                problems.append(BundleProblem(file: name, "holds a key for \(subject), whom no sealed field of events.ndjson names: a bundle carries its own subjects' keys and no one else's"))
                ok = false
            }
            // A subject whose erasure the bundle proves (its SubjectErased is among the events)
            // has no key to give: their fields stay sealed, and only a filed claim's bundle,
            // whose amounts are the claim's, may hold them.
            var erased = Set<String>()
            for r in records { if case .subjectErased(let e) = r.payload { erased.insert(e.subject) } }
            var out: [StoredRecord] = []
            for r in records {
                let (o, closed) = keyring.open(r)
                if !closed.isEmpty, !Keyring.subjects(of: r).isSubset(of: erased) {
                    problems.append(BundleProblem(file: BundleFile.events, seq: r.seq, "its sealed \(closed.joined(separator: ", ")) do not open with the keys in \(name)"))
                    ok = false
                }
                out.append(o)
            }
            return ok ? out : nil
        }
    }

    // MARK: - Manifest and checkpoint

    private static func checkManifest(_ files: [String: [UInt8]], _ problems: inout [BundleProblem]) {
        let name = BundleFile.manifest
        guard let bytes = files[name] else {
            problems.append(BundleProblem(file: name, "missing: the bundle has no manifest"))
            return
        }
        guard case .object(let entries)? = try? JSONParser.parse(bytes) else {
            problems.append(BundleProblem(file: name, "not a JSON object of file name → SHA-256 hex"))
            return
        }
        for file in BundleFile.covered {
            guard let stated = entries[file]?.stringValue else {
                problems.append(BundleProblem(file: name, "lists no SHA-256 for \(file)"))
                continue
            }
            guard let content = files[file] else {
                problems.append(BundleProblem(file: file, "missing, though manifest.json lists it"))
                continue
            }
            let actual = PaymentExporter.sha256Hex(content)
            if actual != stated.lowercased() {
                problems.append(BundleProblem(file: file, "its SHA-256 is \(actual), manifest.json says \(stated): the file was changed after export"))
            }
        }
        for extra in entries.keys.sorted() where !BundleFile.covered.contains(extra) {
            problems.append(BundleProblem(file: name, "lists \(extra), which is not a bundle file"))
        }
    }

    private static func openCheckpoint(_ bytes: [UInt8]?, _ verifier: NoteVerifier) throws(BundleProblem) -> Checkpoint {
        let name = BundleFile.checkpoint
        guard let bytes else { throw BundleProblem(file: name, "missing") }
        do {
            let note = try SignedNote.open(bytes, verifiers: [verifier])
            return try Checkpoint(parsing: note.text)
        } catch {
            throw BundleProblem(file: name, (error as? TransparencyError)?.message ?? "\(error)")
        }
    }
}

/// A bundle that failed verification, with every problem found.
public struct BundleFailure: Error, Sendable, CustomStringConvertible {
    public var problems: [BundleProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
