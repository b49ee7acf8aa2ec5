public import AlboDomain

/// Filters of `albo query cases`; nil matches everything.
public struct CaseFilter: Sendable {
    public var protocolId: String?
    public var desk: String?
    public var status: String?
    public var targetGroup: TargetGroup?

    public init(protocolId: String? = nil, desk: String? = nil, status: String? = nil, targetGroup: String? = nil) throws {
        if let status, status != "open" && status != "closed" {
            throw ProjectionError(.usage, "--status \(status) is not valid: use open or closed")
        }
        var group: TargetGroup?
        if let targetGroup {
            guard let g = TargetGroup(rawValue: targetGroup) else {
                throw ProjectionError(.usage, "--target-group \(targetGroup) is not valid: use one of \(TargetGroup.names.joined(separator: ", "))")
            }
            group = g
        }
        self.protocolId = protocolId
        self.desk = desk
        self.status = status
        self.targetGroup = group
    }

    func matches(_ c: CaseState) -> Bool {
        (protocolId.map { $0 == c.protocolId } ?? true) && (desk.map { $0 == c.desk } ?? true)
            && (status.map { $0 == c.status } ?? true) && (targetGroup.map { $0 == c.targetGroup } ?? true)
    }
}

extension ProjectionView {
    /// The case as of this view; nil when it was not opened (or its opening was voided) by then.
    public func `case`(_ caseId: String) throws -> CaseState? {
        try table(CasesProjection.rows).state(EntityKey(caseId)).map { try CaseState(decoding: $0) }
    }

    /// The cases matching `filter`, by caseId.
    public func cases(_ filter: CaseFilter) throws -> [CaseState] {
        var out: [CaseState] = []
        try table(CasesProjection.rows).forEach { _, raw in
            let c = try CaseState(decoding: raw)
            if filter.matches(c) { out.append(c) }
        }
        return out
    }
}
