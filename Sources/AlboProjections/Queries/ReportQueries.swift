public import AlboDomain

// Row-level reads for reports (AlboReports), which aggregate themselves.

extension ProjectionView {
    /// Every live case's `referredBy`, by caseId (cases opened with no referrer are left
    /// out): `cases` does not keep it, `outcomes` does, so this is one scan of `outcomes`.
    public func caseReferrers() throws -> [String: String] {
        var out: [String: String] = [:]
        try table(OutcomesProjection.rows).forEach { entity, raw in
            let segments = EntityKey.segments(entity)
            guard segments.count == 3, let referrer = try CaseOutcome(decoding: raw).referredBy else { return }
            out[segments[2]] = referrer
        }
        return out
    }

    /// Every live hire's stored payload (the `HireAnnounced` data object), by hireId.
    public func hireDocuments() throws -> [JSONValue] {
        var out: [JSONValue] = []
        try table(HiresProjection.rows).forEach { _, raw in out.append(try Self.document(raw)) }
        return out
    }
}
