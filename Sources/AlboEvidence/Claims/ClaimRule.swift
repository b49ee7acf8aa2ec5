public import AlboDomain
public import AlboLog
import AlboSealing

/// Checks claims as they are appended: a `ClaimFiled` must equal the payment rules'
/// computation at its position in the log (which also keeps a placement in one live claim
/// only); a `ClaimPaid` must be against a live claim, not before it was filed, and not
/// beyond what is still owed; a claim with live payments cannot be voided.
public struct ClaimRule: BatchRule {
    let reader: LogReader

    /// The rule for the store `reader` reads; its sealing keys are read only when a claim is checked.
    public init(reader: LogReader) {
        self.reader = reader
    }

    private func keyring() throws -> Keyring? {
        guard reader.isSealed else { return nil }
        // Missing, damaged or unreadable keys stop the batch as such (exit 2 or 66).
        return try reader.keyring()
    }

    public func check(_ event: IncomingEvent, in log: LogSnapshot, sink: ViolationSink) throws {
        switch event.payload {
        case .claimFiled(let c): try checkFiled(c, log, sink)
        case .claimPaid(let p): try checkPaid(p, log, sink)
        case .eventVoided(let v): try checkVoid(v, log, sink)
        case .protocolSigned, .hireAnnounced, .caseOpened, .traineeshipStarted, .placementConfirmed, .caseClosed, .subjectErased,
             .followUpRecorded:
            return
        }
    }

    private func checkFiled(_ c: ClaimFiled, _ log: LogSnapshot, _ sink: ViolationSink) throws {
        let computed: ComputedClaim
        do {
            computed = try ClaimComputation.compute(log, keyring: try keyring(), protocolId: c.protocolId, from: c.from, to: c.to, size: log.size)
        } catch let e as EvidenceError where e.code != .erased {
            sink.add("data.protocolId", "claim.no-terms", "no claim can be filed under protocol \"\(c.protocolId)\": \(e.description).")
            return
        }
        if let why = ClaimComputation.mismatch(c, computed) {
            sink.add("data.lines", "claim.mismatch", "claim \"\(c.claimId)\" is not what the payment rules give at this point of the log: \(why). Let `albo claim` compute it.")
        }
    }

    private func filedClaim(_ claimId: String, _ log: LogSnapshot) throws -> FiledClaim? {
        let seqs = try log.streamSeqs(StreamName(.claim, claimId))
        return FiledClaims.from(streams: [try seqs.map { try log.record(seq: $0) }]).first
    }

    private func checkPaid(_ p: ClaimPaid, _ log: LogSnapshot, _ sink: ViolationSink) throws {
        guard let filed = try filedClaim(p.claimId, log) else { return }  // the ledger reports a missing claim
        if filed.isVoided {
            sink.add("data.claimId", "claim.voided", "claim \"\(p.claimId)\" was voided; nothing can be paid against it.")
            return
        }
        if p.paidOn < filed.claim.filedOn {
            sink.add("data.paidOn", "date.before-filed", "paidOn \(p.paidOn) is before the claim was filed (\(filed.claim.filedOn)).")
        }
        let owed = filed.claim.totalCents - filed.paidCents
        if p.amountCents > owed {
            sink.add("data.amountCents", "claim.overpaid", "\(p.amountCents) cents is more than is still owed on claim \"\(p.claimId)\" (\(owed) of \(filed.claim.totalCents) cents).")
        }
    }

    private func checkVoid(_ v: EventVoided, _ log: LogSnapshot, _ sink: ViolationSink) throws {
        guard let seq = try log.seq(id: v.eventId) else { return }
        let target = try log.record(seq: seq)
        guard case .claimFiled(let c) = target.payload, let filed = try filedClaim(c.claimId, log) else { return }
        if !filed.payments.isEmpty {
            sink.add("data.eventId", "void.orphans", "claim \"\(c.claimId)\" has \(filed.payments.count) live payment(s); void those first.")
        }
    }
}
