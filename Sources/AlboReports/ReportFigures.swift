public import AlboDomain
import AlboLog

/// Every number of a semester report, in presentation order, suppression applied.
public struct ReportFigures: Sendable {
    /// The semester reported on, and the six shown in trends (oldest first, ending with it).
    public var semester: Semester
    public var semesters: [Semester]
    /// The semesters of the trend that end before the activity in scope began (the earliest
    /// protocol's `validFrom` or hire's `announcedOn`): they have no figures, and the page shows
    /// them as not applicable rather than as zeros.
    public var notApplicable: [Semester]
    /// That first day of activity, when the scope has a protocol or a hire.
    public var activityStartsOn: CivilDate?
    /// When the last event the figures count was recorded (UTC timestamp).
    public var lastRecordedAt: String
    public var figures: [Figure]
    /// Whether small cells are published as they are (`--exact`).
    public var exact: Bool
    /// Desks, protocols (with titles) and the tree head the figures come from.
    public var scope: ReportScope
    public var desks: [String]
    public var protocolTitles: [String: String]
    public var treeSize: UInt64
    public var rootHashHex: String
    public var origin: String

    /// How many semesters the trends show.
    public static let trendLength = 6

    /// The figure for `measure` / `dimension` in `semester` (the report's semester when nil).
    public func figure(_ measure: String, _ dimension: String = "", semester: Semester? = nil) -> Figure? {
        let label = (semester ?? self.semester).description
        return figures.first { $0.measure == measure && $0.dimension == dimension && $0.semester == label }
    }

    /// The figures of one measure in the report's semester, in order.
    public func breakdown(_ measure: String, semester: Semester? = nil) -> [Figure] {
        let label = (semester ?? self.semester).description
        return figures.filter { $0.measure == measure && $0.semester == label }
    }

    /// Computes the figures of `semester` and the five before it from `snapshot`.
    public static func compute(_ snapshot: ReportSnapshot, semester: Semester, scope: ReportScope, exact: Bool) throws -> ReportFigures {
        let trend = semester.trend(trendLength)
        let desks = Array(Set(snapshot.cases.map(\.desk))).sorted()
        // Four independent passes, on all cores; joined in this order, the order they had one
        // after the other (`ordered()` breaks ties by it).
        let parts = try Parallel.map(4, parts: 4) { tasks in
            var part = FigureList()
            for task in tasks {
                switch task {
                case 0: part.caseFlows(snapshot.cases, trend)
                case 1:
                    for s in trend { part.hires(snapshot.hires, s, detailed: s == semester) }
                    try part.payments(snapshot.protocols, trend, detailed: semester, scope: scope)
                case 2: part.caseBreakdowns(snapshot.cases, semester, desks: desks)
                default: part.placements(snapshot.cases, semester, desks: desks)
                }
            }
            return part
        }
        var list = FigureList()
        for part in parts { list.append(part) }
        let start = snapshot.activityStartsOn
        let notApplicable = trend.filter { s in start.map { s.last < $0 } ?? false }
        list.remove(Set(notApplicable.map(\.description)))
        list.changes(semester)
        var figures = list.ordered()
        if !exact { Suppression.apply(&figures, singleDesk: desks.count == 1) }
        var titles: [String: String] = [:]
        for p in snapshot.protocols { titles[p.protocolId] = p.title }
        return ReportFigures(semester: semester, semesters: trend, notApplicable: notApplicable, activityStartsOn: start,
                             lastRecordedAt: snapshot.lastRecordedAt, figures: figures, exact: exact, scope: scope, desks: desks,
                             protocolTitles: titles, treeSize: snapshot.treeSize, rootHashHex: snapshot.rootHash.hex,
                             origin: snapshot.origin)
    }
}

/// §6's view of the cases opened in a period, as of the snapshot.
public struct Cohort: Sendable, Hashable {
    public var activated = 0
    public var concluded = 0
    public var placed = 0
    /// Distinct persons per referrer.
    public var referredPersons: [String: Int] = [:]
    public var byTargetGroup: [Personal<TargetGroup>: Int] = [:]
    public var inProgress: Int { activated - concluded }

    /// The cohort of `cases` opened in `period`.
    public init(_ cases: [ReportCase], period: ReportPeriod) {
        var persons: [String: Set<String>] = [:]
        for c in cases where period.contains(c.openedOn) {
            activated += 1
            if c.closedOn != nil { concluded += 1 }
            if !c.placements.isEmpty { placed += 1 }
            if let r = c.referredBy { persons[r, default: []].insert(c.person) }
            // Read for the cases of the snapshot's referrer window (the report's semester): a
            // breakdown of another period has none to count.
            if let g = c.targetGroup { byTargetGroup[g, default: 0] += 1 }
        }
        referredPersons = persons.mapValues(\.count)
    }
}

/// Figures as they are computed, before ordering and suppression.
struct FigureList {
    private(set) var items: [Figure] = []

    /// Adds `other`'s figures after these.
    mutating func append(_ other: FigureList) { items += other.items }

    /// Drops the figures of `semesters` (labels).
    mutating func remove(_ semesters: Set<String>) { items.removeAll { semesters.contains($0.semester) } }

    mutating func add(_ m: Measure, _ s: Semester, _ dimension: String = "", _ value: Int64) {
        items.append(Figure(semester: s.description, measure: m.id, dimension: dimension, exact: value))
    }

    mutating func add(_ m: Measure, _ s: Semester, _ dimension: String = "", _ value: Int) {
        add(m, s, dimension, Int64(value))
    }

    func exact(_ m: Measure, _ s: Semester, _ dimension: String = "") -> Int64? {
        items.first { $0.measure == m.id && $0.semester == s.description && $0.dimension == dimension }?.exact
    }

    /// Catalogue order, then semester, then the order the dimensions were added in
    /// (bins stay in their natural order).
    func ordered() -> [Figure] {
        let rank = Dictionary(uniqueKeysWithValues: Measure.all.enumerated().map { ($1.id, $0) })
        return items.enumerated().sorted {
            (rank[$0.element.measure] ?? 0, $0.element.semester, $0.offset) < (rank[$1.element.measure] ?? 0, $1.element.semester, $1.offset)
        }.map(\.element)
    }

    /// The change figures of the report's semester against the previous one and the year before.
    mutating func changes(_ s: Semester) {
        for m in Measure.compared {
            for d in items.filter({ $0.measure == m.id && $0.semester == s.description }).map(\.dimension) {
                guard let now = exact(m, s, d) else { continue }
                let name = Figure.dimension(("measure", m.id)) + (d.isEmpty ? "" : ";" + d)
                if let p = s.previous, let before = exact(m, p, d) { add(.changePrevious, s, name, now - before) }
                if let y = s.yearBefore, let before = exact(m, y, d) { add(.changeYear, s, name, now - before) }
            }
        }
    }
}
