public import AlboDomain

// Row-level reads for reports (AlboReports), which aggregate themselves.

extension ProjectionView {
    /// The `referredBy` of each live case of `protocolIds` opened in [from, to], by caseId
    /// (cases opened with no referrer are left out): `cases` does not keep it, `outcomes`
    /// does, keyed by protocol and `openedOn`, so this is one range scan per protocol.
    public func caseReferrers(protocolIds: [String], from: CivilDate, to: CivilDate) throws -> [String: String] {
        var out: [String: String] = [:]
        let rows = try table(OutcomesProjection.rows)
        for protocolId in protocolIds {
            let last = EntityKey(protocolId, to.description).bytes
            try rows.forEach(prefix: EntityKey(protocolId, "").bytes, from: EntityKey(protocolId, from.description).bytes, stop: { entity in
                last.lexicographicallyPrecedes(entity.prefix(last.count))
            }) { entity, raw in
                let segments = EntityKey.segments(entity)
                guard segments.count == 3, let referrer = try CaseOutcome(decoding: raw).referredBy else { return }
                out[segments[2]] = reveal(referrer, field: "referredBy")
            }
        }
        return out
    }

    /// Calls `body` with every live case as of this view, by caseId, without collecting
    /// them: a report keeps only the few fields and cases it needs. Personal fields are
    /// opened, except `person`, which is the distinct-count key (the subject reference in a
    /// sealed store), so an erased subject still counts once.
    public func forEachCase(_ body: (CaseState) throws -> Void) throws {
        try table(CasesProjection.rows).forEach { _, raw in
            let c = try CaseState(decoding: raw)
            var o = opened(c)
            o.person = SealedValue.distinctKey(c.person)
            try body(o)
        }
    }

    /// Every live hire's stored payload (the `HireAnnounced` data object), by hireId.
    public func hireDocuments() throws -> [JSONValue] {
        var out: [JSONValue] = []
        try table(HiresProjection.rows).forEach { _, raw in out.append(try Self.document(raw)) }
        return out
    }
}
