import AlboDomain

/// `hires`: announced positions, by employer, role and funding.
public struct HiresProjection: Projection {
    public let name = "hires"
    public let version = 1
    /// hireId ‖ 0x00 ‖ seq → canonical JSON of the payload; empty once voided.
    static let rows = "p.hires"
    public var databases: [String] { [Self.rows] }

    public init() {}

    public func apply(_ event: ProjectedEvent, _ state: ProjectionWriter) throws {
        let record = event.record
        switch event.target {
        case .hireAnnounced(let h):
            try state.table(Self.rows).write(EntityKey(h.hireId), seq: record.seq, event.isUndo ? nil : record.dataBytes)
        case .protocolSigned, .caseOpened, .traineeshipStarted, .placementConfirmed, .caseClosed, .eventVoided, .subjectErased, .followUpRecorded, .claimFiled, .claimPaid:
            break
        }
    }
}
