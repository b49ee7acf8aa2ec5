public import AlboDomain

/// A rule that needs more of the log than the ledger's own facts: the payment rules behind a
/// `ClaimFiled`, which live above this module. The ledger runs it for each event its own
/// rules accepted, against the log as it stands just before that event (earlier lines of the
/// same batch included), and records nothing when it reports a violation.
///
/// Implementation requirements: report violations to `sink` (a thrown error aborts the
/// batch as an internal failure); read the log only through `log`, which is valid only
/// during the call.
public protocol BatchRule: Sendable {
    /// Checks `event`, about to be recorded at seq `log.size`.
    func check(_ event: IncomingEvent, in log: LogSnapshot, sink: ViolationSink) throws
}

extension Ledger {
    /// Whether recording `event` needs the claim rule: a claim, or the void of a claim event.
    func needsClaimRule(_ event: IncomingEvent, _ facts: FactStore) throws -> Bool {
        switch event.payload {
        case .claimFiled, .claimPaid:
            return true
        case .eventVoided(let v):
            guard let target = try facts.recordedEvent(id: v.eventId) else { return false }
            return target.payload.type == .claimFiled || target.payload.type == .claimPaid
        case .protocolSigned, .hireAnnounced, .caseOpened, .traineeshipStarted, .placementConfirmed, .caseClosed, .subjectErased,
             .followUpRecorded:
            return false
        }
    }
}
