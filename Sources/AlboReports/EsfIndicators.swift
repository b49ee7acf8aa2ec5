import AlboDomain

/// The common indicators of Reg. (EU) 2021/1057 Annex I over a period, per gender and in
/// total, by the entry, leaving (28 days) and six-month rules.
public struct EsfIndicators: Sendable, Hashable {
    /// The breakdown every indicator is given in, in order.
    public static let columns = ["female", "male", "non-binary", "total"]

    /// Every indicator key, in the order the report lists them.
    public static let keys = entering.map(\.key) + leaving + sixMonths
    static let leaving = ["left", "job-searching-on-leaving", "education-or-training-on-leaving", "qualification-on-leaving",
                          "employment-on-leaving"]
    static let sixMonths = ["employment-six-months", "better-situation-six-months"]

    /// The entering indicators and who each counts.
    static let entering: [(key: String, counts: @Sendable (Participant) -> Bool)] = [
        ("participants", { _ in true }),
        ("unemployed", { [.unemployed, .longTermUnemployed].contains($0.labourStatus) }),
        ("long-term-unemployed", { $0.labourStatus == .longTermUnemployed }),
        ("inactive", { $0.labourStatus == .inactive }),
        ("employed", { [.employed, .selfEmployed].contains($0.labourStatus) }),
        ("below-18", { $0.ageAtEntry < 18 }),
        ("18-29", { (18...29).contains($0.ageAtEntry) }),
        ("55-and-over", { $0.ageAtEntry >= 55 }),
        ("isced-0-2", { $0.education == .isced02 }),
        ("isced-3-4", { $0.education == .isced34 }),
        ("isced-5-8", { $0.education == .isced58 }),
        ("disability", { $0.disability == true }),
        ("third-country-national", { $0.thirdCountNational == true }),
        ("foreign-background", { $0.foreignBackground == true }),
        ("minority", { $0.minority == true }),
        ("homeless", { $0.homeless == true }),
        ("rural", { $0.rural == true }),
    ]

    /// The Commission's indicator codes, only where a public source confirms them (the
    /// European Commission's SFC Support Portal FAQ for EECO05, EECR01 and EECR04; a managing
    /// authority's call for EECO01). The others are left without a code rather than guessed.
    public static let codes: [String: String] = [
        "participants": "EECO01", "employed": "EECO05", "job-searching-on-leaving": "EECR01", "employment-on-leaving": "EECR04",
    ]

    /// key → column → count, exact.
    public var counts: [String: [String: Int64]]
    /// Cases in the period whose participant data were erased: counted in no indicator.
    public var erasedEntering: Int
    public var erasedLeaving: Int

    /// The day a rule reads: `closedOn` + 28 days, and + 6 months. Internal, so a test can
    /// switch a rule off.
    struct Rules: Sendable {
        var leavingDays = 28
        var sixMonths = 6
        var placementsOnLeaving = true
        var placementsAtSixMonths = true
        var followUpsAtSixMonths = true
    }

    /// Computes the indicators of `cases` over `period`.
    public init(_ cases: [EsfCase], period: ReportPeriod) {
        self.init(cases, period: period, rules: Rules())
    }

    init(_ cases: [EsfCase], period: ReportPeriod, rules: Rules) {
        var counts: [String: [String: Int64]] = [:]
        for k in Self.keys { counts[k] = Dictionary(uniqueKeysWithValues: Self.columns.map { ($0, 0) }) }
        func add(_ key: String, _ g: Gender) {
            counts[key]?[g.rawValue, default: 0] += 1
            counts[key]?["total", default: 0] += 1
        }
        var erasedIn = 0, erasedOut = 0
        for c in cases {
            let entered = period.contains(c.openedOn)
            let left = c.closedOn.map(period.contains) ?? false
            guard entered || left, let data = c.participant else { continue }
            guard let p = data.value else {
                if entered { erasedIn += 1 }
                if left { erasedOut += 1 }
                continue
            }
            if entered {
                for (key, counted) in Self.entering where counted(p) { add(key, p.gender) }
            }
            guard left, let closed = c.closedOn else { continue }
            add("left", p.gender)
            for (key, result) in [("job-searching-on-leaving", LeavingResult.jobSearching),
                                  ("education-or-training-on-leaving", .educationOrTraining),
                                  ("qualification-on-leaving", .qualification)] where c.resultsOnLeaving.contains(result) {
                add(key, p.gender)
            }
            if c.resultsOnLeaving.contains(.employment) || (rules.placementsOnLeaving && Self.placedOnLeaving(c, closed, rules)) {
                add("employment-on-leaving", p.gender)
            }
            guard let day = closed.adding(months: rules.sixMonths) else { continue }
            let followUp = rules.followUpsAtSixMonths
                ? c.followUps.enumerated().filter { $0.element.on >= day }.min { ($0.element.on, $0.offset) < ($1.element.on, $1.offset) }?.element
                : nil
            let employedThen = followUp.map { $0.situation == .employed || $0.situation == .selfEmployed } ?? false
            if employedThen || (rules.placementsAtSixMonths && c.placements.contains { Self.covers($0, day) }) {
                add("employment-six-months", p.gender)
            }
            if followUp?.betterSituation == true { add("better-situation-six-months", p.gender) }
        }
        self.counts = counts
        self.erasedEntering = erasedIn
        self.erasedLeaving = erasedOut
    }

    /// A live placement starting from the opening to `closedOn` + 28 days.
    static func placedOnLeaving(_ c: EsfCase, _ closed: CivilDate, _ rules: Rules) -> Bool {
        guard let limit = closed.adding(days: rules.leavingDays) else { return false }
        return c.placements.contains { $0.startOn >= c.openedOn && $0.startOn <= limit }
    }

    /// Whether a placement is a job on `day`: started on or before it, and permanent or an
    /// apprenticeship, or fixed-term with `startOn` + `months` after it.
    static func covers(_ p: EsfCase.Placement, _ day: CivilDate) -> Bool {
        guard p.startOn <= day else { return false }
        switch p.contract {
        case .permanent, .apprenticeship: return true
        case .fixedTerm: return p.months.flatMap { p.startOn.adding(months: Int($0)) }.map { $0 > day } ?? false
        }
    }
}
