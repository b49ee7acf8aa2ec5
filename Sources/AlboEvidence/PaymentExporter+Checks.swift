import AlboDomain
import Transparency

extension PaymentExporter {
    /// Checks one record before it goes into a bundle that is about to be signed: its bytes are
    /// a stored record in RFC 8785 canonical form with the seq it was read at, and the inclusion
    /// proof of its leaf hash, recomputed from those bytes, leads to the root being signed.
    /// A record changed in the store's files (even one byte of a value) fails the last check:
    /// the tree still holds the leaf hash of the bytes that were appended.
    static func checkBeforeSigning(_ raw: UnsafeRawBufferPointer, seq: UInt64, leaf: TreeHash, proof: [TreeHash], size: UInt64,
                                   root: TreeHash) throws(EvidenceError) {
        let record: StoredRecord
        do { record = try StoredRecord.parse(raw, requireCanonical: true) } catch {
            throw damaged(seq, "its stored bytes are not a stored record in canonical form (\(error))")
        }
        guard record.seq == seq else {
            throw damaged(seq, "the record stored at seq \(seq) says it is seq \(record.seq)")
        }
        do {
            try MerkleTree.verifyInclusion(index: Int64(seq), size: Int64(size), leafHash: leaf, proof: proof, root: root)
        } catch {
            throw damaged(seq, "its bytes no longer hash to the leaf the log's tree holds (\(record.id), \(record.type.rawValue)): the record was changed after it was appended")
        }
    }

    private static func damaged(_ seq: UInt64, _ what: String) -> EvidenceError {
        EvidenceError(.damaged, "seq \(seq) cannot be put in a bundle: \(what)")
    }
}
