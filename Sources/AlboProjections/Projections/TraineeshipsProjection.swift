import AlboDomain

/// `traineeships`: every live traineeship with its case and protocol.
///
/// A traineeship names a protocol only when it runs under one of its own (a school
/// convention, say); otherwise it belongs to its case's protocol, which is what
/// `--protocol` filters on and what `protocolId` shows.
public struct TraineeshipsProjection: Projection {
    public let name = "traineeships"
    public let version = 1
    /// traineeshipId ‖ 0x00 ‖ seq → canonical JSON object; empty once voided.
    static let rows = "p.traineeships"
    /// caseId → the protocolId of its live `CaseOpened` (current state only, for folding).
    static let caseProtocols = "p.traineeships.cases"
    public var databases: [String] { [Self.rows, Self.caseProtocols] }

    public init() {}

    public func apply(_ event: ProjectedEvent, _ state: ProjectionWriter) throws {
        let record = event.record
        switch event.target {
        case .caseOpened(let c) where event.isUndo:
            try state.database(Self.caseProtocols).delete(Array(c.caseId.utf8))
        case .caseOpened(let c):
            try state.database(Self.caseProtocols).put(Array(c.caseId.utf8), Array(c.protocolId.utf8))
        case .traineeshipStarted(let t) where event.isUndo:
            try state.table(Self.rows).write(EntityKey(t.traineeshipId), seq: record.seq, nil)
        case .traineeshipStarted(let t):
            let caseProtocol = try state.database(Self.caseProtocols).get(Array(t.caseId.utf8))
            var o = try record.decodedData()
            o["protocolId"] = t.protocolId.map(JSONValue.string) ?? caseProtocol.map { .string(String(decoding: $0, as: UTF8.self)) }
            o["seq"] = .integer(Int64(record.seq))
            o["eventId"] = .string(record.id)
            try state.table(Self.rows).write(EntityKey(t.traineeshipId), seq: record.seq, CanonicalJSON.encode(.object(o)))
        case .protocolSigned, .hireAnnounced, .placementConfirmed, .caseClosed, .eventVoided, .subjectErased, .followUpRecorded, .claimFiled, .claimPaid:
            break
        }
    }
}
