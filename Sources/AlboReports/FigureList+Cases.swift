import AlboDomain

extension FigureList {
    /// The funnel of one semester: flows by the date of each step.
    mutating func caseFlows(_ cases: [ReportCase], _ s: Semester) {
        let period = s.period
        var opened = 0, traineeships = 0, placements = 0, closed = 0
        var persons = Set<String>()
        for c in cases {
            if period.contains(c.openedOn) {
                opened += 1
                persons.insert(c.person)
            }
            traineeships += c.traineeshipStarts.count { period.contains($0) }
            placements += c.placements.count { period.contains($0.confirmedOn) }
            if let day = c.closedOn, period.contains(day) { closed += 1 }
        }
        add(.casesOpened, s, "", opened)
        add(.personsServed, s, "", persons.count)
        add(.traineeshipsStarted, s, "", traineeships)
        add(.placementsConfirmed, s, "", placements)
        add(.casesClosed, s, "", closed)
    }

    /// Breakdowns of the report's semester: close reasons, year to date, the §6 cohort,
    /// desks, target groups and referrers.
    mutating func caseBreakdowns(_ cases: [ReportCase], _ s: Semester, desks: [String]) {
        let period = s.period
        var reasons: [String: Int] = [:]
        for c in cases {
            if let day = c.closedOn, period.contains(day) { reasons[c.closeReason ?? "", default: 0] += 1 }
        }
        for r in Vocabulary.closeReasons.sorted() { add(.closedByReason, s, Figure.dimension(("reason", r)), reasons[r] ?? 0) }

        if let january = CivilDate(year: s.year, month: 1, day: 1) {
            let year = Cohort(cases, period: ReportPeriod(first: january, last: s.last))
            add(.openedYearToDate, s, "", year.activated)
            add(.personsYearToDate, s, "", Set(cases.filter { $0.openedOn >= january && $0.openedOn <= s.last }.map(\.person)).count)
        }
        let cohort = Cohort(cases, period: period)
        add(.cohortConcluded, s, "", cohort.concluded)
        add(.cohortInProgress, s, "", cohort.inProgress)
        add(.cohortPlaced, s, "", cohort.placed)
        for g in Vocabulary.targetGroups.sorted() {
            add(.openedByTargetGroup, s, Figure.dimension(("targetGroup", g)), cohort.byTargetGroup[g] ?? 0)
        }
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
