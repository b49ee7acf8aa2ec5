public import AlboDomain
import AlboLog

// Row-level reads for reports (AlboReports), which aggregate themselves.

extension ProjectionView {
    /// The `referredBy` of each live case of `protocolIds` opened in [from, to], by caseId,
    /// as stored (sealed in a sealed store: the caller opens the few it needs with
    /// `keyring(for:)`); cases opened with no referrer are left out. `cases` does not keep
    /// it, `outcomes` does, keyed by protocol and `openedOn`, so this is one range scan per protocol.
    public func caseReferrers(protocolIds: [String], from: CivilDate, to: CivilDate) throws -> [String: String] {
        var out: [String: String] = [:]
        let rows = try table(OutcomesProjection.rows)
        for protocolId in protocolIds {
            let last = EntityKey(protocolId, to.description).bytes
            try rows.forEach(prefix: EntityKey(protocolId, "").bytes, from: EntityKey(protocolId, from.description).bytes, stop: { entity in
                last.lexicographicallyPrecedes(entity.prefix(last.count))
            }) { entity, raw in
                let segments = EntityKey.segments(entity)
                guard segments.count == 3, let referrer = try CaseOutcome.referredBy(decoding: raw) else { return }
                out[segments[2]] = referrer
            }
        }
        return out
    }

    /// `transform` of every live case as of this view, read in place (`CaseRow`: the full
    /// state only when the transform asks for it), in caseId order, nils left out. The rows
    /// are found on this thread, and read and transformed on the workers meanwhile.
    public func compactMapCaseRows<T: Sendable>(_ transform: @escaping @Sendable (CaseRow) throws -> T?) throws -> [T] {
        let rows = try table(CasesProjection.rows)
        return try Parallel.compactMap(finding: { found in try rows.forEach { _, raw in found(raw) } }) { raw in
            try transform(CaseRow(decoding: raw))
        }
    }

    /// Every live hire's stored payload (the `HireAnnounced` data object), by hireId.
    public func hireDocuments() throws -> [JSONValue] {
        var out: [JSONValue] = []
        try table(HiresProjection.rows).forEach { _, raw in out.append(try Self.document(raw)) }
        return out
    }
}
