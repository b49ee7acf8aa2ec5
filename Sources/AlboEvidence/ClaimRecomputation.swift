import AlboDomain
import Transparency

/// The second half of verification: are the events complete streams, and do the payment
/// rules on them give back the bundle's `payments.csv`, `rejected.csv` and `summary.json`?
enum ClaimRecomputation {
    /// Returns the recomputed claim, or nil when it cannot be computed; adds every difference to `problems`.
    static func run(_ records: [StoredRecord], files: [String: [UInt8]], checkpoint: Checkpoint,
                    problems: inout [BundleProblem]) -> PaymentClaim? {
        guard let period = claimedPeriod(files[BundleFile.summary], &problems) else { return nil }
        var streams: [String: [StoredRecord]] = [:]
        for r in records { streams[r.stream, default: []].append(r) }
        checkStreams(streams, protocolId: period.protocolId, isFiledClaim: period.claimId != nil, &problems)
        if let claimId = period.claimId {
            return FiledClaimCheck.run(claimId: claimId, streams: streams, period: (period.protocolId, period.from, period.to),
                                       files: files, checkpoint: checkpoint, problems: &problems)
        }
        guard let protocolStream = streams["protocol:" + period.protocolId] else {
            problems.append(BundleProblem(file: BundleFile.events, "holds no event of protocol:\(period.protocolId), the protocol summary.json names"))
            return nil
        }
        let caseNames = streams.keys.filter { $0.hasPrefix("case:") }.sorted()
        let claim: PaymentClaim
        do {
            claim = try PaymentRules.evaluate(protocolStream: protocolStream, caseStreams: caseNames.compactMap { streams[$0] },
                                              from: period.from, to: period.to)
        } catch {
            problems.append(BundleProblem(file: BundleFile.events, "the payment rules cannot run: \(error)"))
            return nil
        }
        let listed = Set(claim.listedStreams)
        for name in caseNames where !listed.contains(name) {
            let seq = streams[name]?.first?.seq
            problems.append(BundleProblem(file: BundleFile.events, seq: seq, "holds \(name), which supports no placement of the claim: it is neither a case of \(period.protocolId) with a placement confirmed in the period nor another case of such a case's person with an earlier placement"))
        }
        let expected = ClaimDocuments(claim: claim, treeSize: UInt64(checkpoint.size), rootHash: checkpoint.rootHash)
        compare(BundleFile.payments, found: files[BundleFile.payments], expected: expected.payments, &problems)
        compare(BundleFile.rejected, found: files[BundleFile.rejected], expected: expected.rejected, &problems)
        compare(BundleFile.summary, found: files[BundleFile.summary], expected: expected.summary, &problems)
        return claim
    }

    /// The protocol and period the bundle claims, from `summary.json` (compared in full later).
    private static func claimedPeriod(_ bytes: [UInt8]?, _ problems: inout [BundleProblem])
        -> (protocolId: String, from: CivilDate, to: CivilDate, claimId: String?)? {
        guard let bytes, case .object(let o)? = try? JSONParser.parse(bytes),
              let pid = o["protocolId"]?.stringValue,
              let from = o["from"]?.stringValue.flatMap(CivilDate.init), let to = o["to"]?.stringValue.flatMap(CivilDate.init)
        else {
            problems.append(BundleProblem(file: BundleFile.summary, "must be a JSON object with protocolId, from and to (YYYY-MM-DD)"))
            return nil
        }
        return (pid, from, to, o["claimId"]?.stringValue)
    }

    /// Every stream is the protocol's or a case's, gapless from version 1, and every voided
    /// event is present: nothing a rule depends on can be left out of the middle of a stream.
    private static func checkStreams(_ streams: [String: [StoredRecord]], protocolId: String, isFiledClaim: Bool,
                                     _ problems: inout [BundleProblem]) {
        var ids: Set<String> = []
        for records in streams.values { for r in records { ids.insert(r.id) } }
        for name in streams.keys.sorted() {
            guard let records = streams[name] else { continue }
            let claimStream = isFiledClaim && (name.hasPrefix("claim:") || name.hasPrefix("subject:"))
            if name != "protocol:" + protocolId && !name.hasPrefix("case:") && !claimStream {
                problems.append(BundleProblem(file: BundleFile.events, seq: records.first?.seq, "holds stream \(name), which supports no payment claim of \(protocolId)"))
            }
            for (i, r) in records.enumerated() where r.version != Int64(i + 1) {
                problems.append(BundleProblem(file: BundleFile.events, seq: r.seq, "\(name) jumps to version \(r.version) where version \(i + 1) is expected: an event of the stream is missing"))
                break
            }
            for r in records {
                if case .eventVoided(let v) = r.payload, !ids.contains(v.eventId.lowercased()) {
                    problems.append(BundleProblem(file: BundleFile.events, seq: r.seq, "voids event \(v.eventId), which is not in the bundle"))
                }
            }
        }
    }

    /// Byte comparison, reported at the first differing line.
    static func compare(_ name: String, found: [UInt8]?, expected: [UInt8], _ problems: inout [BundleProblem]) {
        guard let found else { return }
        guard found != expected else { return }
        let f = found.split(separator: 0x0A, omittingEmptySubsequences: false)
        let e = expected.split(separator: 0x0A, omittingEmptySubsequences: false)
        var i = 0
        while i < min(f.count, e.count), f[i] == e[i] { i += 1 }
        func text(_ lines: [ArraySlice<UInt8>]) -> String {
            i < lines.count ? "\"" + String(decoding: lines[i], as: UTF8.self).replacingCRLF() + "\"" : "end of file"
        }
        problems.append(BundleProblem(file: name, line: i + 1, "differs from the recomputation from events.ndjson: expected \(text(e)), found \(text(f))"))
    }
}

extension String {
    fileprivate func replacingCRLF() -> String {
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
