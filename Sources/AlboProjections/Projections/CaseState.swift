public import AlboDomain

/// A case as it stands: the `albo query case` object (docs/reference.md §5).
public struct CaseState: Sendable, Hashable {
    public var caseId: String
    public var person: String
    public var protocolId: String
    public var desk: String
    public var targetGroup: Personal<TargetGroup>
    public var openedOn: CivilDate
    public var closedOn: CivilDate?
    public var closeReason: CloseReason?
    public var traineeships: [Traineeship]
    public var placements: [Placement]
    /// The case stream's version: its events so far, voids included.
    public var version: Int64

    /// `open` or `closed`.
    public var status: String { closedOn == nil ? "open" : "closed" }

    /// A live traineeship of the case.
    public struct Traineeship: Sendable, Hashable {
        public var seq: UInt64
        public var eventId: String
        public var traineeshipId: String
        public var host: String
        public var kind: TraineeshipKind
        public var startOn: CivilDate
        public var plannedEndOn: CivilDate?
        public var protocolId: String?
    }

    /// A live placement of the case.
    public struct Placement: Sendable, Hashable {
        public var seq: UInt64
        public var eventId: String
        public var employer: String
        public var contract: PlacementContract
        public var months: Int64?
        public var hoursPerWeek: Int64?
        public var startOn: CivilDate
        public var confirmedOn: CivilDate
        public var evidence: String
    }
}

// MARK: - Folding

extension CaseState {
    /// The state a `CaseOpened` creates.
    init(opened c: CaseOpened, version: Int64) {
        self.init(caseId: c.caseId, person: c.person, protocolId: c.protocolId, desk: c.desk, targetGroup: c.targetGroup,
                  openedOn: c.openedOn, closedOn: nil, closeReason: nil, traineeships: [], placements: [],
                  version: version)
    }

    /// Folds a later event of the case (not a `CaseOpened`, not a void).
    mutating func apply(_ record: StoredRecord) {
        switch record.payload {
        case .traineeshipStarted(let t):
            traineeships.append(Traineeship(seq: record.seq, eventId: record.id, traineeshipId: t.traineeshipId, host: t.host,
                                            kind: t.kind, startOn: t.startOn,
                                            plannedEndOn: t.plannedEndOn, protocolId: t.protocolId))
        case .placementConfirmed(let p):
            placements.append(Placement(seq: record.seq, eventId: record.id, employer: p.employer, contract: p.contract,
                                        months: p.months, hoursPerWeek: p.hoursPerWeek, startOn: p.startOn,
                                        confirmedOn: p.confirmedOn, evidence: p.evidence))
        case .caseClosed(let c):
            closedOn = c.closedOn
            closeReason = c.reason
        case .protocolSigned, .hireAnnounced, .caseOpened, .eventVoided, .subjectErased, .followUpRecorded, .claimFiled, .claimPaid:
            break
        }
    }

    /// Undoes a later event that has been voided: the state is as if it had never been
    /// recorded (list order is seq order, so removing keeps the rest in place).
    mutating func undo(_ voided: StoredRecord) {
        switch voided.payload {
        case .traineeshipStarted: traineeships.removeAll { $0.seq == voided.seq }
        case .placementConfirmed: placements.removeAll { $0.seq == voided.seq }
        case .caseClosed:
            closedOn = nil
            closeReason = nil
        case .protocolSigned, .hireAnnounced, .caseOpened, .eventVoided, .subjectErased, .followUpRecorded, .claimFiled, .claimPaid: break
        }
    }
}
