import AlboDomain

/// report.html: one self-contained page (inline CSS and SVG, no script, no external
/// resource) that prints to A4. Every number in it is a figure of figures.json, marked
/// with that figure's key in `data-k` so a test can compare the two.
public struct ReportPage {
    let r: ReportFigures
    let lang: ReportLanguage
    /// Whether a signed checkpoint comes with the page.
    let signed: Bool

    /// Every chart's id, in page order; each is a `<figure id=…>` with an SVG and a table.
    public static let chartIDs = ["chart-funnel", "chart-closed", "chart-trend", "chart-cohort", "chart-desks", "chart-groups",
                                  "chart-referrers", "chart-contracts", "chart-months", "chart-hours", "chart-days",
                                  "chart-roles", "chart-funding", "chart-payments"]

    /// The page's bytes.
    public static func render(_ figures: ReportFigures, lang: ReportLanguage, signed: Bool) -> [UInt8] {
        Array(ReportPage(r: figures, lang: lang, signed: signed).html().utf8)
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
        body += section("definitions", definitions())
        return """
        <!DOCTYPE html>
        <html lang="\(lang.rawValue)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(t("title"))) – \(r.semester)</title>
        <style>\(Self.css)</style></head>
        <body><main>
        \(body)
        <footer><p>\(HTML.escape(t("footer")))</p></footer>
        </main></body></html>

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

    /// A chart: title, SVG, and the same figures as a table for screen readers and print.
    func chart(_ id: String, _ titleKey: String, svg: String, head: [String], rows: [(String, [Figure?])]) -> String {
        let header = head.map { "<th scope=\"col\">\(HTML.escape($0))</th>" }.joined()
        let body = rows.isEmpty
            ? "<tr><td colspan=\"\(max(1, head.count))\">\(HTML.escape(t("noData")))</td></tr>"
            : rows.map { row in "<tr><th scope=\"row\">\(HTML.escape(row.0))</th>\(row.1.map(td).joined())</tr>" }.joined()
        return """
        <figure class="chart" id="\(id)"><figcaption>\(HTML.escape(t(titleKey)))</figcaption>
        \(svg)
        <table class="data"><caption>\(HTML.escape(t(titleKey)))</caption><thead><tr>\(header)</tr></thead><tbody>\(body)</tbody></table>
        </figure>
        """
    }

    /// A horizontal bar chart of one breakdown, with its table.
    func barChart(_ id: String, _ titleKey: String, _ figures: [Figure], label: (Figure) -> String) -> String {
        let rows = figures.map { (label($0), [bar(label($0), $0)]) }
        return chart(id, titleKey, svg: SVGChart.bars(id: id, title: t(titleKey), rows: rows),
                     head: [t("item"), t("value")], rows: figures.map { (label($0), [$0]) })
    }

    func section(_ key: String, _ content: String) -> String {
        "<section id=\"s-\(key)\"><h2>\(HTML.escape(t(key)))</h2>\n\(content)\n</section>\n"
    }

    static let css = """
    @page { size: A4; margin: 14mm 12mm 16mm 12mm; }
    * { box-sizing: border-box; }
    body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1b1b1b; margin: 0; font-size: 10.5pt; line-height: 1.4; }
    main { max-width: 186mm; margin: 0 auto; padding: 8mm 4mm; }
    h1 { font-size: 19pt; margin: 0 0 4pt; color: #173f5f; }
    h2 { font-size: 14pt; color: #173f5f; border-bottom: 1.5pt solid #173f5f; padding-bottom: 2pt; margin-top: 18pt; break-after: avoid; }
    .subtitle { font-size: 12pt; margin: 0 0 8pt; }
    .meta { border-collapse: collapse; margin: 6pt 0; }
    .meta th { text-align: left; padding-right: 10pt; vertical-align: top; }
    .box { border: 1pt solid #9fb3c8; background: #f2f6fa; padding: 6pt 9pt; margin: 8pt 0; }
    .warning { border: 2pt solid #b00020; background: #fde8ec; color: #7a0016; font-weight: bold; padding: 6pt 9pt; }
    code, .hash { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; word-break: break-all; }
    .cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6pt; margin: 8pt 0; }
    .card { border: 1pt solid #c9d6e3; padding: 5pt 7pt; }
    .card .n { font-size: 16pt; font-weight: bold; color: #173f5f; display: block; }
    figure.chart { margin: 10pt 0; break-inside: avoid; page-break-inside: avoid; }
    figcaption { font-weight: bold; margin-bottom: 3pt; }
    svg { display: block; max-width: 100%; height: auto; }
    svg .lbl { font-size: 11px; fill: #333; }
    svg .val { font-size: 11px; fill: #111; font-weight: bold; }
    table.data { border-collapse: collapse; margin-top: 4pt; font-size: 9pt; }
    table.data caption { text-align: left; font-size: 8.5pt; color: #555; caption-side: top; }
    table.data th, table.data td { border: 0.5pt solid #c8c8c8; padding: 1.5pt 5pt; }
    table.data th { background: #eef2f6; text-align: left; font-weight: normal; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    td.hidden-cell { color: #666; font-style: italic; }
    dl.defs dt { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; margin-top: 4pt; }
    dl.defs dd { margin: 0 0 0 10pt; font-size: 9pt; }
    footer { margin-top: 16pt; font-size: 8.5pt; color: #555; }
    @media print { main { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
    """
}
