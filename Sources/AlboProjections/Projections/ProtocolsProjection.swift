import AlboDomain

/// `protocols`: each protocol's terms (parties, lead, validity, funding, payment terms).
public struct ProtocolsProjection: Projection {
    public let name = "protocols"
    public let version = 1
    /// protocolId ‖ 0x00 ‖ seq → canonical JSON of the payload plus `version`; empty once voided.
    static let rows = "p.protocols"
    public var databases: [String] { [Self.rows] }

    public init() {}

    public func apply(_ event: ProjectedEvent, _ state: ProjectionWriter) throws {
        let record = event.record
        switch event.target {
        case .protocolSigned(let p) where event.isUndo:
            try state.table(Self.rows).write(EntityKey(p.protocolId), seq: record.seq, nil)
        case .protocolSigned(let p):
            var data = try record.decodedData()
            data["version"] = .integer(record.version)
            try state.table(Self.rows).write(EntityKey(p.protocolId), seq: record.seq, CanonicalJSON.encode(.object(data)))
        case .hireAnnounced, .caseOpened, .traineeshipStarted, .placementConfirmed, .caseClosed, .eventVoided, .subjectErased, .followUpRecorded, .claimFiled, .claimPaid:
            break
        }
    }
}
