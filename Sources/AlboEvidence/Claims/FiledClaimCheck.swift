import AlboDomain
import Transparency

/// Verification of a filed claim's bundle: every case the claim names is complete up to the
/// version it recorded, and the claim's lines are what the payment rules give on the events
/// before it (``ClaimStatement``); the documents are then recomputed from that statement.
enum FiledClaimCheck {
    static func run(claimId: String, streams: [String: [StoredRecord]], period: (protocolId: String, from: CivilDate, to: CivilDate),
                    files: [String: [UInt8]], checkpoint: Checkpoint, problems: inout [BundleProblem]) -> PaymentClaim? {
        let events = BundleFile.events
        guard let own = streams["claim:" + claimId], let filed = FiledClaims.from(streams: [own]).first, !filed.isVoided else {
            problems.append(BundleProblem(file: events, "holds no live ClaimFiled of claim \(claimId), which summary.json names"))
            return nil
        }
        let c = filed.claim
        if c.protocolId != period.protocolId || c.from != period.from || c.to != period.to {
            problems.append(BundleProblem(file: BundleFile.summary, "names \(period.protocolId) \(period.from)…\(period.to); the claim is for \(c.protocolId) \(c.from)…\(c.to)"))
        }
        let at = filed.seq
        func before(_ name: String) -> [StoredRecord] { (streams[name] ?? []).filter { $0.seq < at } }
        // Each listed stream complete up to the version the claim recorded: a dropped void,
        // closure or case shows here even when the rest was recomputed to match.
        for line in c.lines {
            let name = StreamName(.case, line.caseId).rawValue
            guard streams[name] != nil else {
                problems.append(BundleProblem(file: events, seq: filed.seq, "the claim names case \(line.caseId), whose stream is not in the bundle"))
                continue
            }
            let last = before(name).last?.version ?? 0
            if last != line.caseVersion {
                problems.append(BundleProblem(file: events, seq: filed.seq, "\(name) holds versions 1…\(last) before the claim; the claim recorded version \(line.caseVersion): an event of the stream is missing"))
            }
        }
        let earlier = streams.keys.filter { $0.hasPrefix("claim:") && $0 != "claim:" + claimId }.compactMap { streams[$0] }
        let claimed = FiledClaims.claimedPlacements(FiledClaims.from(streams: earlier).filter { $0.seq < at })
        let caseNames = streams.keys.filter { $0.hasPrefix("case:") }.sorted()
        let statement: (claim: PaymentClaim, problems: [String])
        do {
            statement = try ClaimStatement.build(c, protocolStream: before("protocol:" + c.protocolId),
                                                 cases: caseNames.compactMap { PaymentRules.history(of: before($0)) }, alreadyClaimed: claimed)
        } catch {
            problems.append(BundleProblem(file: events, "the payment rules cannot run: \(error)"))
            return nil
        }
        for p in statement.problems { problems.append(BundleProblem(file: events, seq: filed.seq, p + ", on the events before the claim")) }
        let listed = Set(statement.claim.listedStreams)
        for name in caseNames where !listed.contains(name) {
            problems.append(BundleProblem(file: events, seq: streams[name]?.first?.seq, "holds \(name), which supports no placement of the claim"))
        }
        let expected = ClaimDocuments(claim: statement.claim, treeSize: UInt64(checkpoint.size), rootHash: checkpoint.rootHash, claimId: claimId)
        ClaimRecomputation.compare(BundleFile.payments, found: files[BundleFile.payments], expected: expected.payments, &problems)
        ClaimRecomputation.compare(BundleFile.rejected, found: files[BundleFile.rejected], expected: expected.rejected, &problems)
        ClaimRecomputation.compare(BundleFile.summary, found: files[BundleFile.summary], expected: expected.summary, &problems)
        return statement.claim
    }
}
