public import AlboDomain
import AlboSealing

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
            && (status.map { $0 == c.status } ?? true) && (targetGroup.map { $0 == c.targetGroup.term } ?? true)
    }
}

extension ProjectionView {
    /// The case as of this view; nil when it was not opened (or its opening was voided) by then.
    public func `case`(_ caseId: String) throws -> CaseState? {
        guard let c = try table(CasesProjection.rows).state(EntityKey(caseId)).map({ try CaseState(decoding: $0) }) else { return nil }
        // One case is one subject: read just that key.
        let subject = SealedValue(c.person).map { Set([$0.subject]) } ?? []
        return Self.opened(c, with: subject.isEmpty ? nil : try keyring(for: subject))
    }

    /// The cases matching `filter`, by caseId.
    public func cases(_ filter: CaseFilter) throws -> [CaseState] {
        var out: [CaseState] = []
        let keyring = try keyring
        try table(CasesProjection.rows).forEach { _, raw in
            let c = Self.opened(try CaseState(decoding: raw), with: keyring)
            if filter.matches(c) { out.append(c) }
        }
        return out
    }

    /// The case with its personal fields opened (`erased` where its subject was erased).
    public func opened(_ c: CaseState) throws -> CaseState { Self.opened(c, with: try keyring) }

    /// `c` with its personal fields opened with `keyring` (unchanged without one).
    static func opened(_ c: CaseState, with keyring: Keyring?) -> CaseState {
        guard let keyring else { return c }
        func reveal(_ value: String, _ field: String) -> String { keyring.reveal(value, field: field) }
        var o = c
        o.person = reveal(c.person, "person")
        o.targetGroup = keyring.reveal(c.targetGroup, field: "targetGroup")
        for i in o.traineeships.indices { o.traineeships[i].host = reveal(c.traineeships[i].host, "host") }
        for i in o.placements.indices {
            o.placements[i].employer = reveal(c.placements[i].employer, "employer")
            o.placements[i].evidence = reveal(c.placements[i].evidence, "evidence")
        }
        return o
    }
}
