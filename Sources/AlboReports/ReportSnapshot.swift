public import AlboDomain
public import AlboEvidence
public import AlboProjections
public import Transparency

/// What a report is computed from: the ledger's state at one tree size, already
/// narrowed to the report's scope. Plain values, so the figures are a pure function of it.
public struct ReportSnapshot: Sendable {
    /// The store's origin, the checkpoint's first line.
    public var origin: String
    /// The tree size the state is read at, and its RFC 9162 root.
    public var treeSize: UInt64
    public var rootHash: TreeHash
    /// The C2SP checkpoint body for that tree head (unsigned).
    public var checkpointText: String
    /// Live cases in scope, by caseId.
    public var cases: [ReportCase]
    /// Live hires in scope, by hireId.
    public var hires: [ReportHire]
    /// Protocols in scope, by protocolId.
    public var protocols: [ReportProtocol]
    /// The `recordedAt` of the last event at the tree size: the data are as recorded up to then.
    public var lastRecordedAt: String

    public init(origin: String, treeSize: UInt64, rootHash: TreeHash, checkpointText: String,
                cases: [ReportCase], hires: [ReportHire], protocols: [ReportProtocol], lastRecordedAt: String = "") {
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.checkpointText = checkpointText
        self.cases = cases
        self.hires = hires
        self.protocols = protocols
        self.lastRecordedAt = lastRecordedAt
    }

    /// The first day of activity in scope: the earliest `validFrom` of the protocols and
    /// `announcedOn` of the hires. Semesters ending before it are not applicable (the service
    /// did not exist yet), which is not the same as a semester of zeros.
    public var activityStartsOn: CivilDate? {
        (protocols.compactMap(\.validFrom) + hires.map(\.announcedOn)).min()
    }
}

/// One live case as a report needs it.
public struct ReportCase: Sendable, Hashable {
    public var caseId: String
    public var person: String
    public var protocolId: String
    public var desk: String
    /// Read only for the cases opened in the snapshot's referrer window (nil elsewhere), the
    /// only ones a figure breaks down by target group.
    public var targetGroup: Personal<TargetGroup>?
    /// Read only for the cases opened in the snapshot's referrer window (nil elsewhere).
    public var referredBy: String?
    public var openedOn: CivilDate
    public var closedOn: CivilDate?
    public var closeReason: CloseReason?
    /// Start days of the live traineeships.
    public var traineeshipStarts: [CivilDate]
    public var placements: [ReportPlacement]
    /// The participant data of its opening (ESF+, payload version 2); read only for the
    /// cases opened in the snapshot's referrer window, nil elsewhere and when there are none.
    public var participant: Participant?

    public init(caseId: String, person: String, protocolId: String, desk: String, targetGroup: Personal<TargetGroup>?, referredBy: String?,
                openedOn: CivilDate, closedOn: CivilDate? = nil, closeReason: CloseReason? = nil,
                traineeshipStarts: [CivilDate] = [], placements: [ReportPlacement] = [], participant: Participant? = nil) {
        self.caseId = caseId
        self.person = person
        self.protocolId = protocolId
        self.desk = desk
        self.targetGroup = targetGroup
        self.referredBy = referredBy
        self.openedOn = openedOn
        self.closedOn = closedOn
        self.closeReason = closeReason
        self.traineeshipStarts = traineeshipStarts
        self.placements = placements
        self.participant = participant
    }
}

/// One live hire announcement.
public struct ReportHire: Sendable, Hashable {
    public var hireId: String
    public var role: String
    public var positions: Int64
    public var funding: String?
    public var protocolId: String?
    public var announcedOn: CivilDate

    public init(hireId: String, role: String, positions: Int64, funding: String?, protocolId: String?, announcedOn: CivilDate) {
        self.hireId = hireId
        self.role = role
        self.positions = positions
        self.funding = funding
        self.protocolId = protocolId
        self.announcedOn = announcedOn
    }
}

/// One live placement of a case: what a report reads of it (contract, months, hours, start
/// and confirmation days), as the cases projection's rows give it.
public typealias ReportPlacement = CaseRow.Placement

/// A protocol in scope, with what the payment rules read when it pays on outcomes.
public struct ReportProtocol: Sendable {
    public var protocolId: String
    public var title: String
    /// The first day of its validity.
    public var validFrom: CivilDate?
    /// Every record of `protocol:<id>`, when the protocol has outcome-payment terms; else empty.
    public var protocolStream: [StoredRecord]
    /// The histories of the protocol's cases (at every desk: rule 6 pays a person once per
    /// protocol) that the rules read: those with a placement confirmed in or before the
    /// report's window, or with a void; target group opened.
    public var cases: [CaseHistory]
    /// Its live filed claims as of the report: what they claimed is counted as it was filed.
    public var claims: [ClaimFiled] = []

    /// Whether the protocol pays on outcomes.
    public var paysOnOutcomes: Bool { !protocolStream.isEmpty }

    public init(protocolId: String, title: String, validFrom: CivilDate? = nil, protocolStream: [StoredRecord] = [], cases: [CaseHistory] = []) {
        self.protocolId = protocolId
        self.title = title
        self.validFrom = validFrom
        self.protocolStream = protocolStream
        self.cases = cases
    }
}

/// Which part of the ledger a report covers: empty lists mean everything.
public struct ReportScope: Sendable, Hashable {
    public var protocols: [String]
    public var desks: [String]

    public init(protocols: [String] = [], desks: [String] = []) {
        self.protocols = Array(Set(protocols)).sorted()
        self.desks = Array(Set(desks)).sorted()
    }

    func includes(protocol p: String) -> Bool { protocols.isEmpty || protocols.contains(p) }
    func includes(desk d: String) -> Bool { desks.isEmpty || desks.contains(d) }
}
