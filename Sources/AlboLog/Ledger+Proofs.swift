import LMDB
public import Transparency

/// An RFC 9162 inclusion proof of one record in a tree of a given size.
public struct InclusionProof: Sendable {
    public var seq: UInt64
    public var treeSize: UInt64
    public var leafHash: TreeHash
    public var rootHash: TreeHash
    public var hashes: [TreeHash]
}

/// An RFC 9162 consistency proof between two tree sizes.
public struct ConsistencyProof: Sendable {
    public var fromSize: UInt64
    public var toSize: UInt64
    public var fromRoot: TreeHash
    public var toRoot: TreeHash
    public var hashes: [TreeHash]
}

extension Ledger {
    /// Proves that record `seq` is in the tree of `size` leaves, with O(log n) reads.
    func inclusionProof(_ txn: Transaction, seq: UInt64, size: UInt64) throws -> InclusionProof {
        let current = try self.size(txn)
        guard size <= current else { throw LogError(.badProofRequest, "tree size \(size) is beyond the log's \(current) events") }
        guard seq < size else { throw LogError(.badProofRequest, "seq \(seq) is not in a tree of size \(size)") }
        let reader = hashReader(txn)
        let leaf = try reader.readHashes([MerkleTree.storedHashIndex(level: 0, n: Int64(seq))])[0]
        return InclusionProof(seq: seq, treeSize: size, leafHash: leaf, rootHash: try rootHash(txn, size: size),
                              hashes: try MerkleTree.inclusionProof(index: Int64(seq), size: Int64(size), reader: reader))
    }

    /// Proves that the tree of `from` leaves is a prefix of the tree of `to` leaves.
    func consistencyProof(_ txn: Transaction, from: UInt64, to: UInt64) throws -> ConsistencyProof {
        let current = try self.size(txn)
        guard to <= current else { throw LogError(.badProofRequest, "tree size \(to) is beyond the log's \(current) events") }
        guard from <= to else { throw LogError(.badProofRequest, "the old size \(from) is larger than the new size \(to)") }
        let reader = hashReader(txn)
        return ConsistencyProof(fromSize: from, toSize: to, fromRoot: try rootHash(txn, size: from), toRoot: try rootHash(txn, size: to),
                                hashes: try MerkleTree.consistencyProof(from: Int64(from), to: Int64(to), reader: reader))
    }

    /// The C2SP checkpoint of the tree of `size` leaves.
    func checkpoint(_ txn: Transaction, size: UInt64) throws -> Checkpoint {
        let current = try self.size(txn)
        guard size <= current else { throw LogError(.badProofRequest, "tree size \(size) is beyond the log's \(current) events") }
        return try Checkpoint(origin: origin, size: Int64(size), rootHash: try rootHash(txn, size: size))
    }

    /// Checks a signed checkpoint against today's log: signature by `verifier`, origin,
    /// and that the log still holds that tree as its prefix (nothing rewritten or removed).
    /// The consistency proof is checked against the checkpoint's own size and root, and leads
    /// to `logRoot` when given: the root `verify` recomputed from the records themselves, so
    /// stored tree nodes are never trusted on their own.
    func verify(signedCheckpoint note: String, verifier: NoteVerifier, logRoot: TreeHash? = nil) throws -> [VerificationProblem] {
        let opened: OpenedNote
        do { opened = try verifier.open(note: note) } catch {
            return [VerificationProblem(seq: nil, check: "checkpoint.signature", message: "the checkpoint's signature does not verify with key \(verifier.name): \(error)")]
        }
        let cp: Checkpoint
        do { cp = try Checkpoint(parsing: opened.text) } catch {
            return [VerificationProblem(seq: nil, check: "checkpoint.format", message: "the signed text is not a checkpoint: \(error)")]
        }
        guard cp.origin == origin else {
            return [VerificationProblem(seq: nil, check: "checkpoint.origin", message: "the checkpoint is for \(cp.origin), this log is \(origin)")]
        }
        return try env.read { txn in
            let current = try self.size(txn)
            guard UInt64(cp.size) <= current else {
                return [VerificationProblem(seq: nil, check: "checkpoint.truncated", message: "the checkpoint covers \(cp.size) events but the log holds only \(current): events were removed")]
            }
            let proof = try consistencyProof(txn, from: UInt64(cp.size), to: current)
            if let logRoot, proof.toRoot != logRoot {
                return [VerificationProblem(seq: nil, check: "checkpoint.consistency", message: "the stored tree's root \(proof.toRoot.hex) is not the root \(logRoot.hex) of the records: the tree was altered")]
            }
            do {
                try MerkleTree.verifyConsistency(fromSize: cp.size, toSize: Int64(current), proof: proof.hashes, fromRoot: cp.rootHash, toRoot: proof.toRoot)
            } catch {
                return [VerificationProblem(seq: nil, check: "checkpoint.consistency", message: "today's log does not extend the checkpoint of size \(cp.size): history was rewritten (\(error))")]
            }
            return []
        }
    }
}
