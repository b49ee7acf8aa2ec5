import AlboDomain
import Transparency

/// `events.ndjson` with `proofs.ndjson`, read and checked line by line against the checkpoint.
struct EventLines {
    /// The events, in file order (which must be seq order).
    var records: [StoredRecord]

    /// Reads both files; each event must be canonical JSON, a valid stored record, in strictly
    /// increasing seq order, and proven included in the checkpoint's tree by its proof line.
    /// Returns nil when the events cannot be read at all; problems are added either way.
    static func read(_ files: [String: [UInt8]], checkpoint: Checkpoint?, problems: inout [BundleProblem]) -> EventLines? {
        guard let eventBytes = files[BundleFile.events], let proofBytes = files[BundleFile.proofs] else {
            for name in [BundleFile.events, BundleFile.proofs] where files[name] == nil {
                problems.append(BundleProblem(file: name, "missing"))
            }
            return nil
        }
        guard let eventLines = lines(eventBytes, BundleFile.events, &problems),
              let proofLines = lines(proofBytes, BundleFile.proofs, &problems) else { return nil }
        if eventLines.count != proofLines.count {
            problems.append(BundleProblem(file: BundleFile.proofs, "has \(proofLines.count) lines for the \(eventLines.count) events of events.ndjson: one proof per event is expected"))
        }
        var records: [StoredRecord] = []
        var readable = true
        var previous: UInt64?
        for (i, line) in eventLines.enumerated() {
            let n = i + 1
            guard let record = parse(line, line: n, &problems) else { readable = false; continue }
            if let previous, record.seq <= previous {
                problems.append(BundleProblem(file: BundleFile.events, line: n, seq: record.seq, "seq \(record.seq) follows seq \(previous): events must be in strictly increasing seq order"))
            }
            previous = record.seq
            records.append(record)
            guard i < proofLines.count else { continue }
            checkProof(proofLines[i], line: n, event: line, record.seq, checkpoint, &problems)
        }
        return readable ? EventLines(records: records) : nil
    }

    /// The lines of an NDJSON file, which must end in a newline and hold no empty line.
    private static func lines(_ bytes: [UInt8], _ name: String, _ problems: inout [BundleProblem]) -> [ArraySlice<UInt8>]? {
        guard !bytes.isEmpty else {
            problems.append(BundleProblem(file: name, "is empty: a bundle holds at least the protocol's event"))
            return nil
        }
        guard bytes.last == 0x0A else {
            problems.append(BundleProblem(file: name, "does not end in a newline: it was truncated or edited"))
            return nil
        }
        let lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        if let empty = lines.firstIndex(where: \.isEmpty) {
            problems.append(BundleProblem(file: name, line: empty + 1, "is empty: one JSON object per line, no blank lines"))
            return nil
        }
        return lines
    }

    private static func parse(_ line: ArraySlice<UInt8>, line n: Int, _ problems: inout [BundleProblem]) -> StoredRecord? {
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch {
            problems.append(BundleProblem(file: BundleFile.events, line: n, "not JSON: \(error)"))
            return nil
        }
        let record: StoredRecord
        do { record = try StoredRecord.parse(Array(line)) } catch {
            problems.append(BundleProblem(file: BundleFile.events, line: n, "\(error)"))
            return nil
        }
        if CanonicalJSON.encode(value)[...] != line {
            problems.append(BundleProblem(file: BundleFile.events, line: n, seq: record.seq, "not in RFC 8785 canonical form: these are not the bytes the ledger stored and hashed"))
        }
        return record
    }

    private static func checkProof(_ proofLine: ArraySlice<UInt8>, line n: Int, event: ArraySlice<UInt8>, _ seq: UInt64,
                                   _ checkpoint: Checkpoint?, _ problems: inout [BundleProblem]) {
        let proof: ProofLine
        do { proof = try ProofLine(parsing: proofLine) } catch {
            problems.append(BundleProblem(file: BundleFile.proofs, line: n, seq: seq, error.message))
            return
        }
        guard proof.seq == seq else {
            problems.append(BundleProblem(file: BundleFile.proofs, line: n, seq: seq, "proves seq \(proof.seq), but line \(n) of events.ndjson is seq \(seq)"))
            return
        }
        let leaf = MerkleHash.leafHash(event)
        guard leaf == proof.leafHash else {
            problems.append(BundleProblem(file: BundleFile.events, line: n, seq: seq, "its leaf hash is \(leaf.hex), the proof says \(proof.leafHash.hex): the event was edited"))
            return
        }
        guard let checkpoint else { return }
        guard proof.treeSize == UInt64(checkpoint.size) else {
            problems.append(BundleProblem(file: BundleFile.proofs, line: n, seq: seq, "is for tree size \(proof.treeSize), the checkpoint's is \(checkpoint.size)"))
            return
        }
        do {
            try MerkleTree.verifyInclusion(index: Int64(seq), size: checkpoint.size, leafHash: leaf, proof: proof.hashes, root: checkpoint.rootHash)
        } catch {
            problems.append(BundleProblem(file: BundleFile.proofs, line: n, seq: seq, "the inclusion proof fails: \((error as? TransparencyError)?.message ?? "\(error)")"))
        }
    }
}
