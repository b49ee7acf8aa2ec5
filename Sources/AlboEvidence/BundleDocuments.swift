import AlboDomain
public import Transparency

/// The names of a bundle's files (docs/reference.md §7).
public enum BundleFile {
    public static let payments = "payments.csv"
    public static let rejected = "rejected.csv"
    public static let events = "events.ndjson"
    public static let proofs = "proofs.ndjson"
    public static let checkpoint = "checkpoint"
    public static let summary = "summary.json"
    public static let manifest = "manifest.json"
    /// The sealing keys of the bundle's own subjects (`{}` from an unsealed store).
    public static let subjects = "subjects.json"

    /// Every file the manifest covers, in the order the verifier checks them.
    public static let covered = [checkpoint, events, proofs, subjects, payments, rejected, summary]

    static let paymentsHeader = ["seq", "eventId", "caseId", "person", "targetGroup", "desk", "employer", "contract",
                                 "months", "startOn", "confirmedOn", "evidence", "amountCents"]
    static let rejectedHeader = ["seq", "eventId", "caseId", "person", "targetGroup", "reason"]
}

/// The derived files of a bundle: what the exporter writes and the verifier recomputes.
///
/// They depend only on the claim and the checkpoint's tree head, so recomputing them from
/// `events.ndjson` must give the very same bytes.
public struct ClaimDocuments: Sendable, Equatable {
    public var payments: [UInt8]
    public var rejected: [UInt8]
    public var summary: [UInt8]

    /// Renders `claim` against the tree head the bundle's checkpoint signs; a filed claim's
    /// bundle names it (`claimId` in `summary.json`).
    public init(claim: PaymentClaim, treeSize: UInt64, rootHash: TreeHash, claimId: String? = nil) {
        payments = CSV.file(header: BundleFile.paymentsHeader, rows: claim.payments.map { p in
            let c = p.claimed
            return [String(c.seq), c.eventId, c.caseOpened.caseId, c.caseOpened.person, c.caseOpened.targetGroup.rawValue,
                    c.caseOpened.desk, c.placement.employer, c.placement.contract.rawValue, c.placement.months.map { String($0) } ?? "",
                    c.placement.startOn.description, c.placement.confirmedOn.description, c.placement.evidence,
                    String(p.amountCents)]
        })
        rejected = CSV.file(header: BundleFile.rejectedHeader, rows: claim.rejections.map { r in
            let c = r.claimed
            return [String(c.seq), c.eventId, c.caseOpened.caseId, c.caseOpened.person, c.caseOpened.targetGroup.rawValue, r.reason.rawValue]
        })
        var summary: [String: JSONValue] = [
            "protocolId": .string(claim.protocolId), "from": .string(claim.from.description), "to": .string(claim.to.description),
            "operator": .string(claim.operator), "eligible": .integer(Int64(claim.payments.count)),
            "rejected": .integer(Int64(claim.rejections.count)), "totalCents": .integer(claim.totalCents),
            "treeSize": .integer(Int64(treeSize)), "rootHash": .string(rootHash.hex),
        ]
        if let claimId { summary["claimId"] = .string(claimId) }
        self.summary = ClaimDocuments.json(.object(summary))
    }

    /// A JSON file in RFC 8785 form with a trailing newline.
    static func json(_ value: JSONValue) -> [UInt8] {
        CanonicalJSON.encode(value) + [0x0A]
    }
}

/// The proof line of one event: `{"hashes","leafHash","seq","treeSize"}`.
public struct ProofLine: Sendable, Equatable {
    public var seq: UInt64
    public var treeSize: UInt64
    public var leafHash: TreeHash
    public var hashes: [TreeHash]

    public init(seq: UInt64, treeSize: UInt64, leafHash: TreeHash, hashes: [TreeHash]) {
        self.seq = seq
        self.treeSize = treeSize
        self.leafHash = leafHash
        self.hashes = hashes
    }

    /// The canonical JSON line, newline included.
    public var bytes: [UInt8] {
        ClaimDocuments.json(.object([
            "seq": .integer(Int64(seq)), "treeSize": .integer(Int64(treeSize)),
            "leafHash": .string(leafHash.hex), "hashes": .array(hashes.map { .string($0.hex) }),
        ]))
    }

    /// Reads a proof line back; nil names what is wrong.
    public init(parsing line: ArraySlice<UInt8>) throws(BundleProblem.Detail) {
        guard case .object(let o)? = try? JSONParser.parse(line) else { throw .init("not a JSON object") }
        guard o.count == 4, let seq = o["seq"]?.integerValue, seq >= 0,
              let size = o["treeSize"]?.integerValue, size > 0,
              let leafText = o["leafHash"]?.stringValue, let leaf = TreeHash(hex: leafText),
              let list = o["hashes"]?.arrayValue
        else { throw .init("expected exactly {\"hashes\",\"leafHash\",\"seq\",\"treeSize\"} with hex hashes") }
        var hashes: [TreeHash] = []
        for item in list {
            guard let text = item.stringValue, let h = TreeHash(hex: text) else { throw .init("a proof hash is not 64 hex digits") }
            hashes.append(h)
        }
        self.init(seq: UInt64(seq), treeSize: UInt64(size), leafHash: leaf, hashes: hashes)
    }
}
