public import AlboDomain

/// The outcomes of a protocol over a period (docs/reference.md §6).
public struct Outcomes: Sendable, Hashable {
    public var protocolId: String
    public var from: CivilDate
    public var to: CivilDate
    /// Live cases with `openedOn` in [from, to].
    public var activated = 0
    /// Of those, the ones with a live `CaseClosed`.
    public var concluded = 0
    /// Of those, the ones with at least one live placement.
    public var placed = 0
    /// Distinct persons among the activated cases, per referrer.
    public var referredBy: [String: Int] = [:]
    /// Activated cases per target group.
    public var byTargetGroup: [Personal<TargetGroup>: Int] = [:]

    public var inProgress: Int { activated - concluded }

    /// The §6 object, exactly its keys.
    public var json: JSONValue {
        .object([
            "protocolId": .string(protocolId), "from": .string(from.description), "to": .string(to.description),
            "activated": .integer(Int64(activated)), "concluded": .integer(Int64(concluded)),
            "inProgress": .integer(Int64(inProgress)), "placed": .integer(Int64(placed)),
            "referredBy": .object(referredBy.mapValues { .integer(Int64($0)) }),
            "byTargetGroup": .object(Dictionary(uniqueKeysWithValues: byTargetGroup.map { ($0.key.rawValue, .integer(Int64($0.value))) })),
        ])
    }
}

extension ProjectionView {
    /// §6 for `protocolId` over [from, to] (both inclusive): one range scan of the
    /// protocol's cases ordered by `openedOn`.
    public func outcomes(protocolId: String, from: CivilDate, to: CivilDate) throws -> Outcomes {
        guard from <= to else { throw ProjectionError(.usage, "--from \(from) is after --to \(to)") }
        guard try protocolDocument(protocolId) != nil else {
            throw ProjectionError(.notFound, "no protocol \"\(protocolId)\" is recorded\(size > 0 ? " as of tree size \(size)" : "")")
        }
        var result = Outcomes(protocolId: protocolId, from: from, to: to)
        var persons: [String: Set<String>] = [:]
        var rows: [CaseOutcome] = []
        // Entities are protocolId ‖ 0x00 ‖ openedOn ‖ 0x00 ‖ caseId: start at `from`, stop past `to`.
        let prefix = EntityKey(protocolId, "").bytes
        let start = EntityKey(protocolId, from.description).bytes
        let last = EntityKey(protocolId, to.description).bytes
        try table(OutcomesProjection.rows).forEach(prefix: prefix, from: start, stop: { entity in
            last.lexicographicallyPrecedes(entity.prefix(last.count))
        }) { _, raw in
            rows.append(try CaseOutcome(decoding: raw))
        }
        // Only the period's subjects' keys are read.
        let keyring = try keyring(for: Set(rows.compactMap { SealedValue.subject(of: $0.targetGroup.rawValue) }))
        func reveal(_ value: String, _ field: String) -> String { keyring.map { $0.reveal(value, field: field) } ?? value }
        for o in rows {
            result.activated += 1
            if o.isClosed { result.concluded += 1 }
            if o.placements > 0 { result.placed += 1 }
            if let r = o.referredBy { persons[reveal(r, "referredBy"), default: []].insert(SealedValue.distinctKey(o.person)) }
            result.byTargetGroup[keyring.map { $0.reveal(o.targetGroup, field: "targetGroup") } ?? o.targetGroup, default: 0] += 1
        }
        result.referredBy = persons.mapValues(\.count)
        return result
    }
}
