import AlboDomain

extension FigureList {
    /// The funnel of each semester of the trend: flows by the date of each step. One pass
    /// over the cases, reading fields in place (a case is never copied).
    mutating func caseFlows(_ cases: [ReportCase], _ trend: [Semester]) {
        guard let first = trend.first else { return }
        let n = trend.count
        let base = first.year * 2 + first.half - 1
        /// The trend position of a day, nil outside the trend.
        func slot(_ d: CivilDate) -> Int? {
            let k = d.year * 2 + (d.month > 6 ? 1 : 0) - base
            return k >= 0 && k < n ? k : nil
        }
        var opened = [Int](repeating: 0, count: n), traineeships = opened, placements = opened, closed = opened
        for c in cases { if let k = slot(c.openedOn) { opened[k] += 1 } }
        // Sized up front: a set grown one insert at a time rehashes every person at each doubling.
        var persons = opened.map { Set<String>(minimumCapacity: $0) }
        cases.withUnsafeBufferPointer { all in
            for i in all.indices {
                if let k = slot(all[i].openedOn) {
                    persons[k].insert(all[i].person)
                }
                for day in all[i].traineeshipStarts { if let k = slot(day) { traineeships[k] += 1 } }
                for p in all[i].placements { if let k = slot(p.confirmedOn) { placements[k] += 1 } }
                if let day = all[i].closedOn, let k = slot(day) { closed[k] += 1 }
            }
        }
        for (k, s) in trend.enumerated() {
            add(.casesOpened, s, "", opened[k])
            add(.personsServed, s, "", persons[k].count)
            add(.traineeshipsStarted, s, "", traineeships[k])
            add(.placementsConfirmed, s, "", placements[k])
            add(.casesClosed, s, "", closed[k])
        }
    }

    /// Breakdowns of the report's semester: close reasons, year to date, the §6 cohort,
    /// desks, target groups and referrers.
    mutating func caseBreakdowns(_ cases: [ReportCase], _ s: Semester, desks: [String]) {
        let period = s.period
        var reasons: [CloseReason: Int] = [:]
        for c in cases {
            if let day = c.closedOn, period.contains(day), let reason = c.closeReason { reasons[reason, default: 0] += 1 }
        }
        for r in CloseReason.allCases.sorted() { add(.closedByReason, s, Figure.dimension(("reason", r.rawValue)), reasons[r] ?? 0) }

        if let january = CivilDate(year: s.year, month: 1, day: 1) {
            let year = Cohort(cases, period: ReportPeriod(first: january, last: s.last))
            add(.openedYearToDate, s, "", year.activated)
            add(.personsYearToDate, s, "", Set(cases.filter { $0.openedOn >= january && $0.openedOn <= s.last }.map(\.person)).count)
        }
        let cohort = Cohort(cases, period: period)
        add(.cohortConcluded, s, "", cohort.concluded)
        add(.cohortInProgress, s, "", cohort.inProgress)
        add(.cohortPlaced, s, "", cohort.placed)
        for g in TargetGroup.allCases.sorted() {
            add(.openedByTargetGroup, s, Figure.dimension(("targetGroup", g.rawValue)), cohort.byTargetGroup[.term(g)] ?? 0)
        }
        // Erased subjects still count, in a bucket of their own (there only when there are some).
        if let erased = cohort.byTargetGroup[.erased] {
            add(.openedByTargetGroup, s, Figure.dimension(("targetGroup", PersonalFields.erased)), erased)
        }
        participants(cases, s)
        for (r, n) in cohort.referredPersons.sorted(by: { $0.key < $1.key }) {
            add(.referredByReferrer, s, Figure.dimension(("referredBy", r)), n)
        }
        var byDesk: [String: (cases: Int, persons: Set<String>)] = [:]
        for c in cases where period.contains(c.openedOn) {
            byDesk[c.desk, default: (0, [])].cases += 1
            byDesk[c.desk, default: (0, [])].persons.insert(c.person)
        }
        for d in desks {
            add(.openedByDesk, s, Figure.dimension(("desk", d)), byDesk[d]?.cases ?? 0)
            add(.personsByDesk, s, Figure.dimension(("desk", d)), byDesk[d]?.persons.count ?? 0)
        }
    }
}

extension FigureList {
    /// The age bands of the breakdown by age: below 18, 18–29, 30–54, 55 and over (the ESF+ bands, and the span between).
    static let ageBands: [(String, ClosedRange<Int>)] = [("below-18", 0...17), ("18-29", 18...29), ("30-54", 30...54), ("55-and-over", 55...200)]

    /// The cases opened in the semester by gender, age band and education, when any of them
    /// carries participant data; cases without (or erased) count as `none`, so each breakdown
    /// adds up to the cases opened.
    mutating func participants(_ cases: [ReportCase], _ s: Semester) {
        let opened = cases.filter { s.period.contains($0.openedOn) }
        guard opened.contains(where: { $0.participant != nil }) else { return }
        func count(_ key: (Participant) -> String) -> [String: Int] {
            var out: [String: Int] = [:]
            for c in opened { out[c.participant.map(key) ?? "none", default: 0] += 1 }
            return out
        }
        let genders = count(\.gender.rawValue)
        for g in Gender.allCases.map(\.rawValue) + ["none"] { add(.openedByGender, s, Figure.dimension(("gender", g)), genders[g] ?? 0) }
        let ages = count { p in Self.ageBands.first { $0.1.contains(p.ageAtEntry) }?.0 ?? "none" }
        for a in Self.ageBands.map(\.0) + ["none"] { add(.openedByAgeBand, s, Figure.dimension(("ageBand", a)), ages[a] ?? 0) }
        let education = count(\.education.rawValue)
        for e in Education.allCases.map(\.rawValue) + ["none"] { add(.openedByEducation, s, Figure.dimension(("education", e)), education[e] ?? 0) }
    }
}
