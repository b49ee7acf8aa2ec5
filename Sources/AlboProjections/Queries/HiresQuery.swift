public import AlboDomain

/// Announced positions (docs/reference.md §5 `query hires`).
public struct HireTotals: Sendable, Hashable {
    public var totalPositions: Int64 = 0
    public var byRole: [String: Int64] = [:]
    /// Positions per funding programme; hires that name no funding appear only in the total.
    public var byFunding: [String: Int64] = [:]

    /// `{"totalPositions","byRole","byFunding"}`.
    public var json: JSONValue {
        .object([
            "totalPositions": .integer(totalPositions),
            "byRole": .object(byRole.mapValues(JSONValue.integer)),
            "byFunding": .object(byFunding.mapValues(JSONValue.integer)),
        ])
    }
}

extension ProjectionView {
    /// The positions of live hires, optionally of one employer and/or one funding programme
    /// (exact names, case-insensitive).
    public func hires(employer: String? = nil, funding: String? = nil) throws -> HireTotals {
        let employer = employer?.lowercased()
        let funding = funding?.lowercased()
        var totals = HireTotals()
        try table(HiresProjection.rows).forEach { _, raw in
            guard let o = try Self.document(raw).objectValue, let positions = o["positions"]?.integerValue else { return }
            if let employer, o["employer"]?.stringValue?.lowercased() != employer { return }
            if let funding, o["funding"]?.stringValue?.lowercased() != funding { return }
            totals.totalPositions += positions
            if let role = o["role"]?.stringValue { totals.byRole[role, default: 0] += positions }
            if let f = o["funding"]?.stringValue { totals.byFunding[f, default: 0] += positions }
        }
        return totals
    }
}
