import AlboDomain
import AlboEvidence

extension ReportPage {
    func header() -> String {
        let s = r.semester
        let protocols = r.scope.protocols.isEmpty ? t("allProtocols")
            : r.scope.protocols.map { p in r.protocolTitles[p].map { "\($0) (\(p))" } ?? p }.joined(separator: "; ")
        let desks = r.scope.desks.isEmpty ? (r.desks.isEmpty ? t("allDesks") : r.desks.joined(separator: ", ")) : r.scope.desks.joined(separator: ", ")
        var meta = [(t("protocols"), protocols), (t("desks"), desks)]
        if let day = lastRecordedDay { meta.append((t("dataUpTo"), lang.date(day))) }
        if let day = issue.issuedOn { meta.append((t("issuedOn"), lang.date(day))) }
        var notices = ""
        if let today = issue.today, s.last >= today, let day = lastRecordedDay {
            notices += "<p class=\"box\" id=\"partial-notice\">\(HTML.escape(t("inProgress").replacingOccurrences(of: "%date%", with: lang.date(day))))</p>"
        }
        if r.exact { notices += "<p class=\"warning\" id=\"exact-warning\">\(HTML.escape(t("exactWarning")))</p>" }
        let cards = [Measure.casesOpened, .personsServed, .traineeshipsStarted, .placementsConfirmed, .casesClosed, .paymentsTotal]
            .compactMap { m in r.figure(m.id).map { (m, $0) } }
            .map { m, f in "<div class=\"card\"><span class=\"n\" data-k=\"\(HTML.escape(f.key))\">\(HTML.escape(text(f)))</span>\(HTML.escape(t(m.id)))</div>" }
            .joined()
        let narrative = ReportNarrative(r: r, lang: lang).paragraphs().map { "<p>\(HTML.escape($0))</p>" }.joined()
        return """
        <header id="first-page">
        \(issue.office.map { "<p class=\"office\" id=\"office\">\(HTML.escape($0))</p>" } ?? "")
        <h1>\(HTML.escape(t("title")))</h1>
        <p class="subtitle">\(HTML.escape(lang.semester(s))) · \(HTML.escape(lang.date(s.first))) – \(HTML.escape(lang.date(s.last)))</p>
        <table class="meta">\(meta.map { "<tr><th>\(HTML.escape($0.0))</th><td>\(HTML.escape($0.1))</td></tr>" }.joined())</table>
        \(notices)
        <h2>\(HTML.escape(t("highlights")))</h2>
        <div class="narrative" id="narrative">\(narrative)</div>
        <div class="cards">\(cards)</div>
        \(r.exact ? "" : "<p class=\"legend-short\" id=\"suppression-rule\">\(HTML.escape(t("legendShort")))</p>")
        </header>
        """
    }

    /// The calendar day (UTC) of the last event counted.
    var lastRecordedDay: CivilDate? { CivilDate(String(r.lastRecordedAt.prefix(10))) }

    /// The value columns of a trend table that do not apply: the semesters before the
    /// activity began, and the changes on them.
    var trendNotApplicable: Set<Int> {
        var out = Set(r.semesters.indices.filter { r.notApplicable.contains(r.semesters[$0]) })
        if let p = r.semester.previous, r.notApplicable.contains(p) { out.insert(r.semesters.count) }
        if let y = r.semester.yearBefore, r.notApplicable.contains(y) { out.insert(r.semesters.count + 1) }
        return out
    }

    var trendHead: [String] {
        [t("item")] + r.semesters.map(lang.shortSemester) + [t("changePrevious"), t("changeYear")]
    }

    /// The trend's semesters as chart groups, not applicable ones marked.
    func trendGroups(_ bars: (Semester) -> [ChartBar]) -> [(String, [ChartBar])] {
        r.semesters.map { (lang.shortSemester($0), bars($0)) }
    }

    var trendNotApplicableGroups: Set<Int> { Set(r.semesters.indices.filter { r.notApplicable.contains(r.semesters[$0]) }) }

    func funnel() -> String {
        let steps = [Measure.casesOpened, .traineeshipsStarted, .placementsConfirmed, .casesClosed].compactMap { r.figure($0.id) }
        var out = barChart("chart-funnel", "funnelChart", steps) { t($0.measure) }
        out += barChart("chart-closed", "closedChart", r.breakdown(Measure.closedByReason.id)) { lang.term($0.dimension("reason") ?? "") }
        let ytd = [Measure.openedYearToDate, .personsYearToDate].compactMap { r.figure($0.id) }
        out += "<table class=\"data\">" + ytd.map { "<tr><th scope=\"row\">\(HTML.escape(t($0.measure)))</th>\(td($0))</tr>" }.joined() + "</table>"
        return out
    }

    func trend() -> String {
        let groups = trendGroups { s in
            [Measure.casesOpened, .placementsConfirmed].compactMap { m in r.figure(m.id, semester: s) }.map { bar(t($0.measure), $0) }
        }
        let svg = SVGChart.columns(id: "chart-trend", title: t("trendChart"), groups: groups,
                                   series: [t(Measure.casesOpened.id), t(Measure.placementsConfirmed.id)],
                                   notApplicable: trendNotApplicableGroups, naText: t("notApplicable"))
        let rows = Measure.compared.filter { r.figure($0.id) != nil }.map { m -> (String, [Figure?]) in
            let change = "measure=\(m.id)"
            return (t(m.id), r.semesters.map { r.figure(m.id, semester: $0) }
                        + [r.figure(Measure.changePrevious.id, change), r.figure(Measure.changeYear.id, change)])
        }
        return chart("chart-trend", "trendChart", svg: svg, head: trendHead, rows: rows, notApplicable: trendNotApplicable, wide: true)
    }

    func cohort() -> String {
        let figures = [Measure.cohortConcluded, .cohortInProgress, .cohortPlaced].compactMap { r.figure($0.id) }
        return barChart("chart-cohort", "cohortChart", figures) { t($0.measure) }
    }

    func breakdowns() -> String {
        let opened = r.breakdown(Measure.openedByDesk.id)
        let persons = r.breakdown(Measure.personsByDesk.id)
        let rows = opened.map { f in
            (f.dimension("desk") ?? "", [f] + persons.filter { $0.dimension == f.dimension })
        }
        var out = chart("chart-desks", "deskChart",
                        svg: plot(opened + persons) {
                            SVGChart.bars(id: "chart-desks", title: t("deskChart"),
                                          rows: rows.map { ($0.0, $0.1.map { bar($0.measure, $0) }) }, series: [t("cases"), t("persons")])
                        },
                        head: [t("desks"), t("cases"), t("persons")], rows: rows.map { ($0.0, $0.1.map(Optional.some)) })
        out += barChart("chart-groups", "groupChart", r.breakdown(Measure.openedByTargetGroup.id)) { lang.term($0.dimension("targetGroup") ?? "") }
        for (id, key, measure, dimension) in [("chart-gender", "genderChart", Measure.openedByGender, "gender"),
                                              ("chart-age", "ageChart", Measure.openedByAgeBand, "ageBand"),
                                              ("chart-education", "educationChart", Measure.openedByEducation, "education")] {
            let figures = r.breakdown(measure.id)
            guard !figures.isEmpty else { continue }
            out += barChart(id, key, figures) { lang.term($0.dimension(dimension) ?? "") }
        }
        out += barChart("chart-referrers", "referrerChart", r.breakdown(Measure.referredByReferrer.id)) { $0.dimension("referredBy") ?? "" }
        return out
    }

    func placements() -> String {
        var out = barChart("chart-contracts", "contractChart", r.breakdown(Measure.placementsByContract.id)) { lang.term($0.dimension("contract") ?? "") }
        let cells = r.breakdown(Measure.placementsByDeskContract.id)
        let desks = cells.compactMap { $0.dimension("desk") }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let contracts = FigureList.contracts.map(\.rawValue)
        let body = desks.map { d in
            "<tr><th scope=\"row\">\(HTML.escape(d))</th>" + contracts.map { k in
                td(cells.first { $0.dimension("desk") == d && $0.dimension("contract") == k })
            }.joined() + "</tr>"
        }.joined()
        out += """
        <figure class="chart wide" id="figure-desk-contract"><table class="data" id="table-desk-contract"><caption class="title">\(HTML.escape(t("deskContract")))</caption>
        <thead><tr><th scope="col">\(HTML.escape(t("desks")))</th>\(contracts.map { "<th scope=\"col\">\(HTML.escape(lang.term($0)))</th>" }.joined())</tr></thead>
        <tbody>\(body.isEmpty ? "<tr><td colspan=\"4\">\(HTML.escape(t("noData")))</td></tr>" : body)</tbody></table></figure>
        """
        out += columnChart("chart-months", "monthsChart", r.breakdown(Measure.fixedTermMonths.id), dimension: "months")
        out += columnChart("chart-hours", "hoursChart", r.breakdown(Measure.hoursPerWeek.id), dimension: "hours")
        out += columnChart("chart-days", "daysChart", r.breakdown(Measure.daysToPlacement.id), dimension: "days")
        if let median = r.figure(Measure.medianDays.id) {
            out += "<table class=\"data\"><tr><th scope=\"row\">\(HTML.escape(t("median")))</th>\(td(median))</tr></table>"
        }
        return out
    }

    /// A histogram: one column per bin.
    func columnChart(_ id: String, _ titleKey: String, _ figures: [Figure], dimension: String) -> String {
        let label = { (f: Figure) in lang.term(f.dimension(dimension) ?? "") }
        let svg = plot(figures) {
            SVGChart.columns(id: id, title: t(titleKey), groups: figures.map { (label($0), [bar(label($0), $0)]) }, width: SVGChart.narrow)
        }
        return chart(id, titleKey, svg: svg, head: [t("item"), t("value")], rows: figures.map { (label($0), [$0]) })
    }

    func hires() -> String {
        var out = ""
        if let total = r.figure(Measure.hirePositions.id) {
            out += "<table class=\"data\"><tr><th scope=\"row\">\(HTML.escape(t(total.measure)))</th>\(td(total))</tr></table>"
        }
        // No position announced: one sentence, not two empty charts.
        if r.breakdown(Measure.hiresByRole.id).isEmpty && r.breakdown(Measure.hiresByFunding.id).isEmpty {
            return out + "<p id=\"no-hires\">\(HTML.escape(t("noHires")))</p>"
        }
        out += barChart("chart-roles", "roleChart", r.breakdown(Measure.hiresByRole.id)) { $0.dimension("role") ?? "" }
        out += barChart("chart-funding", "fundingChart", r.breakdown(Measure.hiresByFunding.id)) { $0.dimension("funding") ?? "" }
        return out
    }

    func payments() -> String {
        let protocols = r.breakdown(Measure.paymentsEligible.id).compactMap { $0.dimension("protocol") }
        let groups = trendGroups { s in [r.figure(Measure.paymentsEligible.id, semester: s)].compactMap { $0 }.map { bar(s.description, $0) } }
        var rows: [(String, [Figure?])] = []
        for p in protocols + [""] {
            let d = p.isEmpty ? "" : "protocol=\(p)"
            let name = p.isEmpty ? t("total") : p
            for m in [Measure.paymentsEligible, .paymentsTotal] {
                let change = "measure=\(m.id)" + (d.isEmpty ? "" : ";" + d)
                rows.append(("\(name): \(t(m.id))", r.semesters.map { r.figure(m.id, d, semester: $0) }
                                + [r.figure(Measure.changePrevious.id, change), r.figure(Measure.changeYear.id, change)]))
            }
        }
        var out = protocols.isEmpty ? "<p>\(HTML.escape(t("noPayments")))</p>" : ""
        let svg = SVGChart.columns(id: "chart-payments", title: t("paymentsChart"), groups: groups,
                                   notApplicable: trendNotApplicableGroups, naText: t("notApplicable"))
        out += chart("chart-payments", "paymentsChart", svg: svg, head: trendHead, rows: rows, notApplicable: trendNotApplicable, wide: true)
        let reasons = RejectionReason.allCases.map(\.rawValue)
        let body = protocols.map { p in
            "<tr><th scope=\"row\">\(HTML.escape(p))</th>" + reasons.map { reason in
                td(r.figure(Measure.paymentsRejected.id, "protocol=\(p);reason=\(reason)"))
            }.joined() + "</tr>"
        }.joined()
        if !protocols.isEmpty {
            out += """
            <figure class="chart wide" id="figure-rejected"><table class="data" id="table-rejected"><caption class="title">\(HTML.escape(t("rejected")))</caption>
            <thead><tr><th scope="col">\(HTML.escape(t("protocol")))</th>\(reasons.map { "<th scope=\"col\">\(HTML.escape(lang.term($0)))</th>" }.joined())</tr></thead>
            <tbody>\(body)</tbody></table></figure>
            """
        }
        return out
    }

    func appendixProof() -> String {
        let command = "albo report semester --semester \(r.semester)"
            + r.scope.protocols.map { " --protocol \($0)" }.joined() + r.scope.desks.map { " --desk '\($0)'" }.joined()
            + " --as-of \(r.treeSize) --out DIR"
        var rows = [(t("origin"), r.origin, ""), (t("treeSize"), String(r.treeSize), "tree-size"),
                    (t("root"), r.rootHashHex, "root-hash")]
        if !r.lastRecordedAt.isEmpty { rows.append((t("lastRecorded"), r.lastRecordedAt, "")) }
        var out = "<table class=\"meta\">" + rows.map { name, value, id in
            "<tr><th>\(HTML.escape(name))</th><td\(id.isEmpty ? "" : " id=\"\(id)\"")\(id == "root-hash" ? " class=\"hash\"" : "")>\(HTML.escape(value))</td></tr>"
        }.joined() + "</table>"
        out += "<p>\(HTML.escape(t("proofText").replacingOccurrences(of: "%size%", with: lang.number(Int64(r.treeSize)))))</p>"
        out += "<p>\(HTML.escape(t("proofHow")))</p><pre class=\"cmd\">\(HTML.escape(command))</pre>"
        if signed {
            out += "<p>\(HTML.escape(t("signedNote")))</p><pre class=\"cmd\">albo verify --checkpoint checkpoint --vkey KEY.pub</pre>"
        }
        return out
    }

    func definitions() -> String {
        var out = "<p><strong>\(HTML.escape(t("suppressionTitle")))</strong>. \(HTML.escape(r.exact ? t("exactWarning") : Suppression.statement(lang)))</p>"
        out += "<p>\(HTML.escape(t("legend")))</p><p>\(HTML.escape(t("definitionsIntro")))</p><dl class=\"defs\">"
        out += Measure.all.map { m in
            let label = lang.text(m.id) == m.id ? "" : HTML.escape(lang.text(m.id)) + " "
            let definition = lang == .it ? (ReportLanguage.italianDefinitions[m.id] ?? m.definition) : m.definition
            return "<dt>\(label)<code>(\(HTML.escape(m.id)))</code></dt><dd>\(HTML.escape(definition))</dd>"
        }.joined()
        return out + "</dl>"
    }
}
