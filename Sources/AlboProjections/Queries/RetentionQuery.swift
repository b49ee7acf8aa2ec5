public import AlboDomain

/// Where a data subject stands against the retention the law imposes.
public struct RetentionEntry: Sendable, Hashable {
    /// The subject reference.
    public var subject: String
    /// The subject's live cases, by caseId.
    public var cases: [String]
    /// Those still open: a subject with an open case is kept whatever the dates.
    public var openCases: [String]
    /// The protocols of those cases, whose years apply.
    public var protocols: [String]
    /// The latest date any of the subject's live case events carries.
    public var lastEventOn: CivilDate
    /// The latest `paidOn` of a live `ClaimPaid` covering one of the subject's placements.
    public var lastPaidOn: CivilDate?
    /// The retention years applied: the longest of the subject's protocols'.
    public var years: Int
    /// 31 December of the year of the last payment (else of the last case event), plus
    /// `years`: kept through that day, erasable from the next.
    public var retainedUntil: CivilDate

    /// Whether the subject may be erased on `day`: no open case, and the retention has run out.
    public func isExpired(on day: CivilDate) -> Bool { openCases.isEmpty && retainedUntil < day }

    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "subject": .string(subject), "lastEventOn": .string(lastEventOn.description), "years": .integer(Int64(years)),
            "retainedUntil": .string(retainedUntil.description), "cases": .array(cases.map(JSONValue.string)),
            "openCases": .array(openCases.map(JSONValue.string)), "protocols": .array(protocols.map(JSONValue.string)),
            "basis": .string(RetentionRule.legalBasis),
        ]
        if let lastPaidOn { o["lastPaidOn"] = .string(lastPaidOn.description) }
        return .object(o)
    }
}

/// How many years a subject's records are kept after the year of their last payment (else
/// of their last case event): a protocol's own years where the operator gives them (its
/// funding may require more), the default (five, the regulation's) for the others.
public struct RetentionPolicy: Sendable, Hashable {
    public var defaultYears: Int
    /// protocolId → years.
    public var protocolYears: [String: Int]

    public init(defaultYears: Int = RetentionRule.defaultYears, protocolYears: [String: Int] = [:]) {
        self.defaultYears = defaultYears
        self.protocolYears = protocolYears
    }

    /// The years for a subject with cases under `protocols`: the longest that applies.
    public func years(for protocols: some Sequence<String>) -> Int {
        protocols.map { protocolYears[$0] ?? defaultYears }.max() ?? defaultYears
    }
}

/// The retention rule: Reg. (UE) 2021/1060 art. 82 keeps the documents supporting an
/// operation's expenditure for five years from 31 December of the year of the last payment;
/// while that obligation holds, erasure does not apply (GDPR art. 17(3)(b)).
public enum RetentionRule {
    /// What `albo retention` names as the legal basis.
    public static let legalBasis = "Reg. (UE) 2021/1060 art. 82; GDPR art. 17(3)(b)"
    /// The years of art. 82.
    public static let defaultYears = 5

    /// The last day a subject is kept: 31 December of the year of the later of the last
    /// payment and the last case event, plus `years`.
    public static func retainedUntil(lastEventOn: CivilDate, lastPaidOn: CivilDate?, years: Int) -> CivilDate? {
        let base = max(lastEventOn, lastPaidOn ?? lastEventOn)
        return CivilDate(year: base.year + years, month: 12, day: 31)
    }

    /// The latest date a case's live events carry: opening, traineeship starts, placement
    /// start and confirmation, closing.
    public static func lastEventOn(_ c: CaseState) -> CivilDate? {
        var dates: [CivilDate] = [c.openedOn] + [c.closedOn].compactMap { $0 }
        dates += c.traineeships.map(\.startOn)
        dates += c.placements.flatMap { [$0.startOn, $0.confirmedOn] }
        return dates.max()
    }
}

extension ProjectionView {
    /// Every subject not yet erased, with their retention, sorted by `retainedUntil`, then
    /// subject. `lastPaidOn` gives, per caseId, the last payment covering the case's
    /// placements. Only a sealed store has subjects.
    public func retention(_ policy: RetentionPolicy, lastPaidOn: (String) -> CivilDate?) throws -> [RetentionEntry] {
        guard let keyring = try keyring else { return [] }
        var bySubject: [String: [CaseState]] = [:]
        try table(CasesProjection.rows).forEach { _, raw in
            let c = try CaseState(decoding: raw)
            guard let subject = SealedValue(c.person)?.subject, keyring.key(of: subject) != nil else { return }
            bySubject[subject, default: []].append(c)
        }
        var out: [RetentionEntry] = []
        for (subject, cases) in bySubject {
            guard let entry = Self.entry(subject, cases, policy, lastPaidOn) else { continue }
            out.append(entry)
        }
        return out.sorted { ($0.retainedUntil, $0.subject) < ($1.retainedUntil, $1.subject) }
    }

    /// The retention of one subject (nil when they have no live case), from their live
    /// cases (`cases(ofSubject:)`; read again when not given).
    public func retention(ofSubject subject: String, cases: [CaseState]? = nil, _ policy: RetentionPolicy,
                          lastPaidOn: (String) -> CivilDate?) throws -> RetentionEntry? {
        Self.entry(subject, try cases ?? self.cases(ofSubject: subject), policy, lastPaidOn)
    }

    private static func entry(_ subject: String, _ cases: [CaseState], _ policy: RetentionPolicy,
                              _ lastPaidOn: (String) -> CivilDate?) -> RetentionEntry? {
        guard let last = cases.compactMap(RetentionRule.lastEventOn).max() else { return nil }
        let paid = cases.compactMap { lastPaidOn($0.caseId) }.max()
        let protocols = Set(cases.map(\.protocolId)).sorted()
        let years = policy.years(for: protocols)
        guard let until = RetentionRule.retainedUntil(lastEventOn: last, lastPaidOn: paid, years: years) else { return nil }
        return RetentionEntry(subject: subject, cases: cases.map(\.caseId).sorted(),
                              openCases: cases.filter { $0.closedOn == nil }.map(\.caseId).sorted(), protocols: protocols,
                              lastEventOn: last, lastPaidOn: paid, years: years, retainedUntil: until)
    }

    /// The live cases of `subject`, by caseId. One walk of the cases, in which only the rows
    /// that hold the subject reference's bytes (inside the sealed person) are decoded.
    public func cases(ofSubject subject: String) throws -> [CaseState] {
        var out: [CaseState] = []
        let needle = Array(subject.utf8)
        guard !needle.isEmpty else { return [] }
        try table(CasesProjection.rows).forEach { _, raw in
            guard ByteSearch.contains(raw, needle) else { return }
            let c = try CaseState(decoding: raw)
            if SealedValue(c.person)?.subject == subject { out.append(c) }
        }
        return out
    }
}

extension ProjectionView {
    /// caseId → the latest `paidOn` of a live `ClaimPaid` whose live claim covers a placement
    /// of the case, as of this view: what a subject's retention runs from (a case in no paid
    /// claim is absent, and its subject's retention runs from the last case event).
    public func lastPaymentDates() throws -> [String: CivilDate] {
        FiledClaims.lastPaidOn(byCase: try log.filedClaims(before: size))
    }
}
