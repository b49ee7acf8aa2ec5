import AlboDomain

extension FigureList {
    static let monthBins: [(String, ClosedRange<Int64>)] = [("1-5", 1...5), ("6-11", 6...11), ("12-23", 12...23), ("24+", 24...Int64.max)]
    static let hourBins: [(String, ClosedRange<Int64>)] = [("1-20", 1...20), ("21-30", 21...30), ("31-36", 31...36), ("37-40", 37...40), ("41-48", 41...Int64.max)]
    static let dayBins: [(String, ClosedRange<Int>)] = [("0-30", Int.min...30), ("31-90", 31...90), ("91-180", 91...180), ("181-365", 181...365), ("366+", 366...Int.max)]
    /// The order the report lists contract kinds in (not alphabetical).
    static let contracts: [PlacementContract] = [.permanent, .fixedTerm, .apprenticeship]

    /// The placements confirmed in the report's semester: contract kinds, desks, lengths,
    /// hours, and time from opening.
    mutating func placements(_ cases: [ReportCase], _ s: Semester, desks: [String]) {
        let period = s.period
        var byContract: [PlacementContract: Int] = [:]
        var byDesk: [String: [PlacementContract: Int]] = [:]
        var months: [Int] = Array(repeating: 0, count: Self.monthBins.count)
        var hours: [Int] = Array(repeating: 0, count: Self.hourBins.count + 1)
        var days: [Int] = []
        for c in cases {
            for p in c.placements where period.contains(p.confirmedOn) {
                byContract[p.contract, default: 0] += 1
                byDesk[c.desk, default: [:]][p.contract, default: 0] += 1
                if p.contract == .fixedTerm, let m = p.months, let i = Self.monthBins.firstIndex(where: { $0.1.contains(m) }) {
                    months[i] += 1
                }
                if let h = p.hoursPerWeek, let i = Self.hourBins.firstIndex(where: { $0.1.contains(h) }) {
                    hours[i] += 1
                } else {
                    hours[Self.hourBins.count] += 1
                }
                days.append(DayNumber.between(c.openedOn, p.confirmedOn))
            }
        }
        for k in Self.contracts { add(.placementsByContract, s, Figure.dimension(("contract", k.rawValue)), byContract[k] ?? 0) }
        for d in desks where byDesk[d] != nil {
            for k in Self.contracts {
                add(.placementsByDeskContract, s, Figure.dimension(("desk", d), ("contract", k.rawValue)), byDesk[d]?[k] ?? 0)
            }
        }
        for (i, bin) in Self.monthBins.enumerated() { add(.fixedTermMonths, s, Figure.dimension(("months", bin.0)), months[i]) }
        for (i, bin) in Self.hourBins.enumerated() { add(.hoursPerWeek, s, Figure.dimension(("hours", bin.0)), hours[i]) }
        add(.hoursPerWeek, s, Figure.dimension(("hours", "none")), hours[Self.hourBins.count])
        for bin in Self.dayBins { add(.daysToPlacement, s, Figure.dimension(("days", bin.0)), days.count { bin.1.contains($0) }) }
        days.sort()
        add(.medianDays, s, "", days.isEmpty ? 0 : days[(days.count - 1) / 2])
    }
}
