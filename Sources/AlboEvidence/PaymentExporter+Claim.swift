import AlboDomain
public import AlboLog
public import Transparency
import AlboSealing

extension PaymentExporter {
    /// The bundle of a filed claim: the events before it that support it (the protocol, each
    /// listed case up to the version the claim recorded, the earlier claims that rule 6
    /// reads), the claim's own stream, and the erasure records of any subject whose fields can
    /// no longer be opened; its payments and total are the claim's. Exported before or after
    /// an erasure or a later correction, its summary's totals are the same.
    public static func bundle(reader: LogReader, claimId: String, signer: NoteSigner) throws -> Bundle {
        let keyring: Keyring?
        if reader.isSealed {
            keyring = try reader.keyring()
        } else {
            keyring = nil
        }
        return try reader.read { log in
            let size = log.size
            let claimSeqs = try log.streamSeqs(StreamName(.claim, claimId))
            guard let filed = FiledClaims.from(streams: [try claimSeqs.map { try log.record(seq: $0) }]).first else {
                throw EvidenceError(.claimNotFound, "no claim \"\(claimId)\" is filed; `albo claim` files one")
            }
            guard !filed.isVoided else { throw EvidenceError(.claimVoided, "claim \"\(claimId)\" was voided: it states nothing to export") }
            let at = filed.seq
            let pid = filed.claim.protocolId
            let protocolSeqs = try log.streamSeqs(StreamName(.protocol, pid)).filter { $0 < at }
            let protocolStream = try protocolSeqs.map { try log.record(seq: $0) }
            let cases = try candidateCases(log, protocolId: pid, size: at).map { stream in stream.map { keyring?.open($0).record ?? $0 } }
            let earlier = try log.filedClaims(before: at).filter { !$0.isVoided }
            let (claim, problems) = try ClaimStatement.build(filed.claim, protocolStream: protocolStream,
                                                             cases: cases.compactMap(PaymentRules.history(of:)),
                                                             alreadyClaimed: FiledClaims.claimedPlacements(earlier))
            if !problems.isEmpty {
                throw EvidenceError(.claimUnsupported, "the log does not support claim \"\(claimId)\" at its position: \(problems.prefix(3).joined(separator: "; ")); run `albo verify`")
            }
            var seqs = protocolSeqs + claimSeqs
            var caseIds = Set<String>()
            var erased = Set<String>()
            for stream in claim.listedStreams {
                guard let name = StreamName(stream) else { throw LogError(.corrupt, "a claim lists the malformed stream \(stream)") }
                caseIds.insert(name.id)
                for seq in try log.streamSeqs(name) where seq < at {
                    seqs.append(seq)
                    for subject in Keyring.subjects(of: try log.record(seq: seq)) where keyring?.key(of: subject) == nil { erased.insert(subject) }
                }
            }
            // The earlier claims rule 6 reads: those naming a placement of a listed case.
            for c in earlier where c.claim.lines.contains(where: { caseIds.contains($0.caseId) }) { seqs.append(c.seq) }
            for subject in erased { seqs += try log.streamSeqs(StreamName(.subject, subject)) }
            return try assemble(log, seqs: Array(Set(seqs)).sorted(), size: size, claim: claim, claimId: claimId,
                                keyring: keyring, signer: signer)
        }
    }

    /// Writes the events, proofs, checkpoint and documents of a bundle over `seqs`, each record
    /// checked before anything is signed.
    static func assemble(_ log: LogSnapshot, seqs: [UInt64], size: UInt64, claim: PaymentClaim, claimId: String?,
                         keyring: Keyring?, signer: NoteSigner) throws -> Bundle {
        let root = try log.rootHash(size: size)
        let reader = log.hashes
        var events: [UInt8] = []
        var proofs: [UInt8] = []
        var subjects = Set<String>()
        for seq in seqs {
            guard let raw = try log.recordBytes(seq: seq) else { throw LogError(.corrupt, "the stream index names missing seq \(seq)") }
            events.append(contentsOf: raw)
            events.append(0x0A)
            if keyring != nil { subjects.formUnion(Keyring.subjects(of: try StoredRecord.parse(raw))) }  // subjectKeys keeps those with a key
            let hashes = try MerkleTree.inclusionProof(index: Int64(seq), size: Int64(size), reader: reader)
            let leaf = MerkleHash.leafHash(raw)
            // Nothing is signed unchecked: a record damaged in the store stops the export here.
            try checkBeforeSigning(raw, seq: seq, leaf: leaf, proof: hashes, size: size, root: root)
            proofs += ProofLine(seq: seq, treeSize: size, leafHash: leaf, hashes: hashes).bytes
        }
        let checkpoint = try Checkpoint(origin: log.origin, size: Int64(size), rootHash: root)
        let note = try signer.sign(text: checkpoint.text)
        let documents = ClaimDocuments(claim: claim, treeSize: size, rootHash: root, claimId: claimId)
        var files: [String: [UInt8]] = [
            BundleFile.payments: documents.payments, BundleFile.rejected: documents.rejected,
            BundleFile.summary: documents.summary, BundleFile.events: events, BundleFile.proofs: proofs,
            BundleFile.checkpoint: Array(note.utf8),
            BundleFile.subjects: subjectKeys(subjects, keyring),
        ]
        files[BundleFile.manifest] = manifest(files)
        return Bundle(files: files, claim: claim, treeSize: size, eventCount: seqs.count)
    }
}
