import AlboDomain

/// `cases`: every case's state after each of its events (docs/reference.md §5 `query case`).
public struct CasesProjection: Projection {
    public let name = "cases"
    public let version = 1
    /// caseId ‖ 0x00 ‖ seq → `CaseState` (compact form); empty when the case's opening was voided.
    static let rows = "p.cases"
    public var databases: [String] { [Self.rows] }

    public init() {}

    public func apply(_ event: ProjectedEvent, _ state: ProjectionWriter) throws {
        let record = event.record
        guard record.isInCaseStream else { return }
        let table = try state.table(Self.rows)
        if case .caseOpened(let c) = record.payload {
            try table.write(EntityKey(c.caseId), seq: record.seq, CaseState(opened: c, version: record.version).encoded())
            return
        }
        guard let caseId = record.caseId else { return }
        let key = EntityKey(caseId)
        guard let raw = try table.latest(key) else { return }
        var current = try raw.withUnsafeBytes { try CaseState(decoding: $0) }
        if let voided = event.voided {
            if case .caseOpened = voided.payload {
                // The ledger refuses this void while the case has live later events, so
                // the case simply never existed.
                try table.write(key, seq: record.seq, nil)
                return
            }
            current.undo(voided)
        } else {
            current.apply(record)
        }
        current.version = record.version
        try table.write(key, seq: record.seq, current.encoded())
    }
}
