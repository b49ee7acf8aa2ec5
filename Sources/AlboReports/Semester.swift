public import AlboDomain

/// A half-year, `YYYY-H1` (1 January – 30 June) or `YYYY-H2` (1 July – 31 December).
public struct Semester: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1 or 2.
    public let half: Int

    /// The first day.
    public let first: CivilDate
    /// The last day.
    public let last: CivilDate

    public init?(year: Int, half: Int) {
        guard half == 1 || half == 2,
              let first = CivilDate(year: year, month: half == 1 ? 1 : 7, day: 1),
              let last = CivilDate(year: year, month: half == 1 ? 6 : 12, day: half == 1 ? 30 : 31) else { return nil }
        self.year = year
        self.half = half
        self.first = first
        self.last = last
    }

    /// Parses exactly `YYYY-H1` or `YYYY-H2` (a lowercase `h` is accepted).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCII), let year = Int(parts[0]),
              let half = ["H1": 1, "H2": 2, "h1": 1, "h2": 2][String(parts[1])] else { return nil }
        self.init(year: year, half: half)
    }

    /// `2019-H1`.
    public var description: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-H\(half)"
    }

    /// The days of the semester, both inclusive.
    public var period: ReportPeriod { ReportPeriod(first: first, last: last) }

    /// The semester before; nil before year 1.
    public var previous: Semester? {
        half == 2 ? Semester(year: year, half: 1) : Semester(year: year - 1, half: 2)
    }

    /// The same semester a year before.
    public var yearBefore: Semester? { Semester(year: year - 1, half: half) }

    /// This semester and the `count - 1` before it, oldest first.
    public func trend(_ count: Int) -> [Semester] {
        var out: [Semester] = [self]
        while out.count < count, let p = out[0].previous { out.insert(p, at: 0) }
        return out
    }

    public static func < (a: Semester, b: Semester) -> Bool { (a.year, a.half) < (b.year, b.half) }
}

/// A run of calendar days, both ends inclusive.
public struct ReportPeriod: Sendable, Hashable {
    public var first: CivilDate
    public var last: CivilDate

    public init(first: CivilDate, last: CivilDate) {
        self.first = first
        self.last = last
    }

    /// Whether `day` lies in the period.
    public func contains(_ day: CivilDate) -> Bool { day >= first && day <= last }
}

/// Day arithmetic on civil dates (proleptic Gregorian), for durations in days.
enum DayNumber {
    /// Days since 1970-01-01 (H. Hinnant's days_from_civil).
    static func of(_ d: CivilDate) -> Int {
        let y = d.month <= 2 ? d.year - 1 : d.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (d.month + 9) % 12
        let doy = (153 * mp + 2) / 5 + d.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Days from `a` to `b` (negative when b is earlier).
    static func between(_ a: CivilDate, _ b: CivilDate) -> Int { of(b) - of(a) }
}
