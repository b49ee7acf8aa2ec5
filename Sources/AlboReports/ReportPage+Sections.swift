import AlboDomain
import AlboEvidence

extension ReportPage {
    func header() -> String {
        let s = r.semester
        let protocols = r.scope.protocols.isEmpty ? t("allProtocols")
            : r.scope.protocols.map { "\($0) – \(r.protocolTitles[$0] ?? "")" }.joined(separator: "; ")
        let desks = r.scope.desks.isEmpty ? t("allDesks") : r.scope.desks.joined(separator: ", ")
        let provenance = t("provenance").replacingOccurrences(of: "%origin%", with: r.origin)
            .replacingOccurrences(of: "%size%", with: String(r.treeSize)).replacingOccurrences(of: "%root%", with: r.rootHashHex) + (signed ? t("signedNote") : "")
        let notice = r.exact
            ? "<p class=\"warning\" id=\"exact-warning\">\(HTML.escape(t("exactWarning")))</p>"
            : "<div class=\"box\" id=\"suppression-rule\"><strong>\(HTML.escape(t("suppressionTitle")))</strong>. \(HTML.escape(Suppression.statement(lang)))</div>"
        let cards = [Measure.casesOpened, .personsServed, .traineeshipsStarted, .placementsConfirmed, .casesClosed, .paymentsTotal]
            .compactMap { m in r.figure(m.id).map { (m, $0) } }
            .map { m, f in "<div class=\"card\"><span class=\"n\" data-k=\"\(HTML.escape(f.key))\">\(HTML.escape(text(f)))</span>\(HTML.escape(t(m.id)))</div>" }
            .joined()
        return """
        <header id="first-page">
        <h1>\(HTML.escape(t("title")))</h1>
        <p class="subtitle">\(HTML.escape(lang.semester(s))) · \(HTML.escape(lang.date(s.first))) – \(HTML.escape(lang.date(s.last)))</p>
        <table class="meta">
        <tr><th>\(HTML.escape(t("protocols")))</th><td>\(HTML.escape(protocols))</td></tr>
        <tr><th>\(HTML.escape(t("desks")))</th><td>\(HTML.escape(desks))</td></tr>
        <tr><th>\(HTML.escape(t("treeSize")))</th><td id="tree-size">\(r.treeSize)</td></tr>
        <tr><th>\(HTML.escape(t("root")))</th><td class="hash" id="root-hash">\(r.rootHashHex)</td></tr>
        </table>
        <p class="box">\(HTML.escape(provenance))</p>
        \(notice)
        <h2>\(HTML.escape(t("highlights")))</h2>
        <div class="cards">\(cards)</div>
        </header>
        """
    }

    func funnel() -> String {
        let steps = [Measure.casesOpened, .traineeshipsStarted, .placementsConfirmed, .casesClosed].compactMap { r.figure($0.id) }
        var out = barChart("chart-funnel", "funnelChart", steps) { t($0.measure) }
        out += barChart("chart-closed", "closedChart", r.breakdown(Measure.closedByReason.id)) { lang.term($0.dimension("reason") ?? "") }
        let ytd = [Measure.openedYearToDate, .personsYearToDate].compactMap { r.figure($0.id) }
        out += "<table class=\"data\">" + ytd.map { "<tr><th scope=\"row\">\(HTML.escape(t($0.measure)))</th>\(td($0))</tr>" }.joined() + "</table>"
        return out
    }

    func trend() -> String {
        let groups = r.semesters.map { s in
            (s.description, [Measure.casesOpened, .placementsConfirmed].compactMap { m in r.figure(m.id, semester: s) }.map { bar(t($0.measure), $0) })
        }
        let svg = SVGChart.columns(id: "chart-trend", title: t("trendChart"), groups: groups,
                                   series: [t(Measure.casesOpened.id), t(Measure.placementsConfirmed.id)])
        let head = [t("item")] + r.semesters.map(\.description) + ["Δ " + t("changePrevious"), "Δ " + t("changeYear")]
        let rows = Measure.compared.filter { r.figure($0.id) != nil }.map { m -> (String, [Figure?]) in
            let change = "measure=\(m.id)"
            return (t(m.id), r.semesters.map { r.figure(m.id, semester: $0) }
                        + [r.figure(Measure.changePrevious.id, change), r.figure(Measure.changeYear.id, change)])
        }
        return chart("chart-trend", "trendChart", svg: svg, head: head, rows: rows)
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
                        svg: SVGChart.bars(id: "chart-desks", title: t("deskChart"),
                                           rows: rows.map { ($0.0, $0.1.map { bar($0.measure, $0) }) }, series: [t("cases"), t("persons")]),
                        head: [t("desks"), t("cases"), t("persons")], rows: rows.map { ($0.0, $0.1.map(Optional.some)) })
        out += barChart("chart-groups", "groupChart", r.breakdown(Measure.openedByTargetGroup.id)) { lang.term($0.dimension("targetGroup") ?? "") }
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
        <table class="data" id="table-desk-contract"><caption>\(HTML.escape(t("deskContract")))</caption>
        <thead><tr><th scope="col">\(HTML.escape(t("desks")))</th>\(contracts.map { "<th scope=\"col\">\(HTML.escape(lang.term($0)))</th>" }.joined())</tr></thead>
        <tbody>\(body.isEmpty ? "<tr><td colspan=\"4\">\(HTML.escape(t("noData")))</td></tr>" : body)</tbody></table>
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
        let svg = SVGChart.columns(id: id, title: t(titleKey), groups: figures.map { (label($0), [bar(label($0), $0)]) })
        return chart(id, titleKey, svg: svg, head: [t("item"), t("value")], rows: figures.map { (label($0), [$0]) })
    }

    func hires() -> String {
        var out = ""
        if let total = r.figure(Measure.hirePositions.id) {
            out += "<table class=\"data\"><tr><th scope=\"row\">\(HTML.escape(t(total.measure)))</th>\(td(total))</tr></table>"
        }
        out += barChart("chart-roles", "roleChart", r.breakdown(Measure.hiresByRole.id)) { $0.dimension("role") ?? "" }
        out += barChart("chart-funding", "fundingChart", r.breakdown(Measure.hiresByFunding.id)) { $0.dimension("funding") ?? "" }
        return out
    }

    func payments() -> String {
        let protocols = r.breakdown(Measure.paymentsEligible.id).compactMap { $0.dimension("protocol") }
        let groups = r.semesters.map { s in (s.description, [r.figure(Measure.paymentsEligible.id, semester: s)].compactMap { $0 }.map { bar(s.description, $0) }) }
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
        let head = [t("item")] + r.semesters.map(\.description) + ["Δ " + t("changePrevious"), "Δ " + t("changeYear")]
        var out = protocols.isEmpty ? "<p>\(HTML.escape(t("noPayments")))</p>" : ""
        out += chart("chart-payments", "paymentsChart", svg: SVGChart.columns(id: "chart-payments", title: t("paymentsChart"), groups: groups),
                     head: head, rows: rows)
        let reasons = RejectionReason.allCases.map(\.rawValue)
        let body = protocols.map { p in
            "<tr><th scope=\"row\">\(HTML.escape(p))</th>" + reasons.map { reason in
                td(r.figure(Measure.paymentsRejected.id, "protocol=\(p);reason=\(reason)"))
            }.joined() + "</tr>"
        }.joined()
        if !protocols.isEmpty {
            out += """
            <table class="data" id="table-rejected"><caption>\(HTML.escape(t("rejected")))</caption>
            <thead><tr><th scope="col">\(HTML.escape(t("protocol")))</th>\(reasons.map { "<th scope=\"col\">\(HTML.escape(lang.term($0)))</th>" }.joined())</tr></thead>
            <tbody>\(body)</tbody></table>
            """
        }
        return out
    }

    func definitions() -> String {
        "<p>\(HTML.escape(t("legend")))</p><dl class=\"defs\">" + Measure.all.map { m in
            "<dt>\(HTML.escape(m.id))</dt><dd>\(HTML.escape(lang == .it ? (ReportLanguage.italianDefinitions[m.id] ?? m.definition) : m.definition))</dd>"
        }.joined() + "</dl>"
    }
}
