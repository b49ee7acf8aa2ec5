public import AlboDomain

/// report.html: one self-contained page (inline CSS and SVG, no script, no external
/// resource) that prints to A4. Every number in it is a figure of figures.json, marked
/// with that figure's key in `data-k` so a test can compare the two.
public struct ReportPage {
    let r: ReportFigures
    let lang: ReportLanguage
    /// Whether a signed checkpoint comes with the page.
    let signed: Bool
    /// Who issues the report, and when: printed on the first page and on every printed page.
    let issue: ReportIssue

    /// Every chart's id, in page order; each is a `<figure id=…>` with an SVG (or, when there is
    /// nothing a chart could show, a sentence saying why) and a table. The two hires charts are
    /// left out when no position was announced in the semester.
    public static let chartIDs = ["chart-funnel", "chart-closed", "chart-trend", "chart-cohort", "chart-desks", "chart-groups",
                                  "chart-referrers", "chart-contracts", "chart-months", "chart-hours", "chart-days",
                                  "chart-roles", "chart-funding", "chart-payments"]
    /// The breakdowns by sex, age band and education: there only when participant data exist.
    public static let participantChartIDs = ["chart-gender", "chart-age", "chart-education"]

    /// The page's bytes.
    public static func render(_ figures: ReportFigures, lang: ReportLanguage, signed: Bool, issue: ReportIssue = ReportIssue()) -> [UInt8] {
        Array(ReportPage(r: figures, lang: lang, signed: signed, issue: issue).html().utf8)
    }

    func t(_ key: String) -> String { lang.text(key) }

    func html() -> String {
        var body = header()
        body += section("funnel", funnel())
        body += section("trend", trend())
        body += section("cohort", cohort())
        body += section("breakdowns", breakdowns())
        body += section("placements", placements())
        body += section("hires", hires())
        body += section("payments", payments())
        body += section("appendixProof", appendixProof(), appendix: true)
        body += section("definitions", definitions(), appendix: true)
        return """
        <!DOCTYPE html>
        <html lang="\(lang.rawValue)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(t("title"))) – \(HTML.escape(lang.semester(r.semester)))</title>
        <style>\(Self.css)\(printMargins())</style></head>
        <body><main>
        \(body)
        <footer><p>\(HTML.escape(t("footer")))</p></footer>
        </main></body></html>

        """
    }

    /// The printed page's margin boxes: the office and the report on top, the date and
    /// "Pagina N di M" at the bottom.
    func printMargins() -> String {
        let title = t("runningTitle") + " – " + lang.semester(r.semester)
        let date = issue.issuedOn.map { t("issuedOn") + ": " + lang.date($0) } ?? ""
        return """

        @page {
          @top-left { content: \(CSSText.string(issue.office ?? "")); font-size: 8pt; color: #444; }
          @top-right { content: \(CSSText.string(title)); font-size: 8pt; color: #444; }
          @bottom-left { content: \(CSSText.string(date)); font-size: 8pt; color: #444; }
          @bottom-right { content: \(CSSText.string(t("page") + " ")) counter(page) \(CSSText.string(" " + t("of") + " ")) counter(pages); font-size: 8pt; color: #444; }
        }
        """
    }

    // MARK: - Cells

    /// A figure as printed: its mark when hidden, euro for amounts, signed for changes.
    func text(_ f: Figure) -> String {
        if let mark = f.value.mark { return mark }
        let change = f.measure.hasPrefix("change.")
        let euro = f.measure == Measure.paymentsTotal.id || f.dimension.hasPrefix("measure=\(Measure.paymentsTotal.id)")
        return euro ? lang.euro(f.exact, signed: change) : lang.number(f.exact, signed: change)
    }

    /// A table cell holding a figure (an empty cell when there is none).
    func td(_ f: Figure?) -> String {
        guard let f else { return "<td class=\"num\">–</td>" }
        let hidden = f.value.mark != nil ? " hidden-cell" : ""
        return "<td class=\"num\(hidden)\" data-k=\"\(HTML.escape(f.key))\">\(HTML.escape(text(f)))</td>"
    }

    /// A bar for `f`.
    func bar(_ label: String, _ f: Figure) -> ChartBar { ChartBar(label: label, figure: f, text: text(f)) }

    /// The cell of a column that does not apply (a semester before the activity began).
    func naCell() -> String { "<td class=\"num na\">\(HTML.escape(t("notApplicable")))</td>" }

    /// A chart: title, SVG, and the same figures as a table for screen readers and print.
    /// `notApplicable` names the value columns (0-based) shown as not applicable. A `wide`
    /// table goes under the chart; a narrow one beside it.
    func chart(_ id: String, _ titleKey: String, svg: String, head: [String], rows: [(String, [Figure?])],
               notApplicable: Set<Int> = [], wide: Bool = false) -> String {
        let header = head.map { "<th scope=\"col\">\(HTML.escape($0))</th>" }.joined()
        let body = rows.isEmpty
            ? "<tr><td colspan=\"\(max(1, head.count))\">\(HTML.escape(t("noData")))</td></tr>"
            : rows.map { row in
                "<tr><th scope=\"row\">\(HTML.escape(row.0))</th>"
                    + row.1.enumerated().map { notApplicable.contains($0.offset) ? naCell() : td($0.element) }.joined() + "</tr>"
            }.joined()
        return """
        <figure class="chart\(wide ? " wide" : "")" id="\(id)"><figcaption>\(HTML.escape(t(titleKey)))</figcaption>
        <div class="pair"><div class="plot">\(svg)</div>
        <table class="data"><caption class="sr-only">\(HTML.escape(t(titleKey)))</caption><thead><tr>\(header)</tr></thead><tbody>\(body)</tbody></table></div>
        </figure>
        """
    }

    /// The SVG of a breakdown, or a sentence when no bar could show anything: every count is
    /// zero, or every non-zero count is hidden (a chart of hatched stubs tells a reader nothing).
    func plot(_ figures: [Figure], draw: () -> String) -> String {
        let drawable = figures.contains { if case .count(let n) = $0.value { n > 0 } else { false } }
        guard !drawable else { return draw() }
        let hidden = figures.contains { $0.value.mark != nil }
        return "<p class=\"chart-note\">\(HTML.escape(t(hidden ? "allSmall" : "allZero")))</p>"
    }

    /// A horizontal bar chart of one breakdown, with its table.
    func barChart(_ id: String, _ titleKey: String, _ figures: [Figure], label: (Figure) -> String) -> String {
        let rows = figures.map { (label($0), [bar(label($0), $0)]) }
        return chart(id, titleKey, svg: plot(figures) { SVGChart.bars(id: id, title: t(titleKey), rows: rows) },
                     head: [t("item"), t("value")], rows: figures.map { (label($0), [$0]) })
    }

    func section(_ key: String, _ content: String, appendix: Bool = false) -> String {
        "<section id=\"s-\(key)\"\(appendix ? " class=\"appendix\"" : "")><h2>\(HTML.escape(t(key)))</h2>\n\(content)\n</section>\n"
    }

    static let css = """
    @page { size: A4; margin: 16mm 14mm 16mm 14mm; }
    * { box-sizing: border-box; }
    body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1b1b1b; margin: 0; font-size: 10pt; line-height: 1.4; }
    main { max-width: 190mm; margin: 0 auto; padding: 8mm 4mm; }
    h1 { font-size: 18pt; margin: 2pt 0 4pt; color: #173f5f; line-height: 1.2; }
    h2 { font-size: 13pt; color: #173f5f; border-bottom: 1.2pt solid #173f5f; padding-bottom: 2pt; margin: 16pt 0 6pt; break-after: avoid; page-break-after: avoid; }
    .office { font-size: 11pt; font-weight: bold; margin: 0; color: #333; }
    .subtitle { font-size: 12pt; margin: 0 0 8pt; }
    .meta { border-collapse: collapse; margin: 6pt 0; font-size: 9.5pt; }
    .meta th { text-align: left; padding: 1pt 10pt 1pt 0; vertical-align: top; font-weight: normal; color: #444; white-space: nowrap; }
    .meta td { padding: 1pt 0; }
    .box { border: 1pt solid #9fb3c8; background: #f2f6fa; padding: 6pt 9pt; margin: 8pt 0; overflow-wrap: anywhere; }
    .warning { border: 2pt solid #b00020; background: #fde8ec; color: #7a0016; font-weight: bold; padding: 6pt 9pt; }
    .narrative p { margin: 0 0 5pt; }
    .legend-short { font-size: 8.5pt; color: #444; }
    code, .hash, pre.cmd { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; overflow-wrap: anywhere; word-break: break-all; }
    pre.cmd { white-space: pre-wrap; background: #f4f4f4; border: 0.5pt solid #ccc; padding: 4pt 6pt; margin: 4pt 0 8pt; }
    .cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6pt; margin: 8pt 0; break-inside: avoid; }
    .card { border: 1pt solid #c9d6e3; padding: 5pt 7pt; font-size: 9pt; }
    .card .n { font-size: 15pt; font-weight: bold; color: #173f5f; display: block; }
    figure.chart { margin: 8pt 0 12pt; break-inside: avoid; page-break-inside: avoid; }
    figure.chart.wide { break-inside: auto; page-break-inside: auto; }
    figure.wide .plot, figure.wide table { break-inside: avoid; page-break-inside: avoid; }
    figcaption { font-weight: bold; margin-bottom: 3pt; break-after: avoid; page-break-after: avoid; }
    .pair { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 10pt; align-items: start; }
    figure.wide .pair { grid-template-columns: minmax(0, 1fr); }
    .plot { min-width: 0; }
    .chart-note { border: 1pt dashed #aaa; color: #444; padding: 8pt 10pt; margin: 0; font-style: italic; }
    svg { display: block; max-width: 100%; height: auto; }
    svg .lbl { font-size: 11px; fill: #333; }
    svg .val { font-size: 11px; fill: #111; font-weight: bold; }
    svg .na { font-size: 11px; fill: #777; font-style: italic; }
    table.data { border-collapse: collapse; margin-top: 0; font-size: 8.5pt; max-width: 100%; }
    figure.wide table.data { width: 100%; margin-top: 6pt; }
    table.data caption { text-align: left; font-size: 8pt; color: #555; caption-side: top; }
    table.data caption.title { font-weight: bold; font-size: 10pt; color: #1b1b1b; margin-bottom: 3pt; }
    table.data th, table.data td { border: 0.5pt solid #c8c8c8; padding: 1.5pt 4pt; overflow-wrap: break-word; hyphens: manual; }
    figure.wide tbody th { min-width: 42mm; }
    .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    table.data thead th { background: #eef2f6; text-align: center; font-weight: bold; font-size: 8pt; vertical-align: bottom; }
    table.data tbody th { background: #f6f8fa; text-align: left; font-weight: normal; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    td.hidden-cell { color: #666; font-style: italic; }
    td.na { color: #777; font-style: italic; text-align: center; }
    section.appendix h2 { font-size: 12pt; }
    dl.defs dt { font-weight: bold; font-size: 9pt; margin-top: 5pt; break-after: avoid; }
    dl.defs dt code { font-weight: normal; color: #555; }
    dl.defs dd { margin: 0 0 0 10pt; font-size: 9pt; }
    footer { margin-top: 16pt; font-size: 8pt; color: #555; }
    @media screen and (max-width: 700px) { .pair { grid-template-columns: minmax(0, 1fr); } .cards { grid-template-columns: repeat(2, 1fr); } }
    @media print { main { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
    """
}

/// Who issues a report and on which day: page furniture, not figures (figures.json has neither).
public struct ReportIssue: Sendable {
    /// The issuing office, e.g. "Comune di Sesto San Giovanni – Servizio Lavoro".
    public var office: String?
    /// The date of the document.
    public var issuedOn: CivilDate?
    /// Today: a semester not over by then is marked as partial.
    public var today: CivilDate?

    public init(office: String? = nil, issuedOn: CivilDate? = nil, today: CivilDate? = nil) {
        self.office = office
        self.issuedOn = issuedOn
        self.today = today
    }
}

/// CSS string literals, for the margin boxes' `content`.
enum CSSText {
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"", "\\": out += "\\" + String(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar == "<" || scalar == ">" || scalar == "&":
                out += "\\" + String(scalar.value, radix: 16) + " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
