import AlboDomain
import AlboReports
import AlboTestSupport
import Foundation
import Testing

/// Debian's headless Chromium (installed by Tools/install-deps.sh), with a time limit.
enum Chromium {
    static func run(_ args: [String]) throws -> Subprocess.Result {
        try Subprocess.run("/usr/bin/timeout", ["180", "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                                "--no-first-run", "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0"] + args)
    }

    /// Lines of Chromium's log that a page wrote: uncaught errors, any console message (the
    /// report has no script, so any is a fault), failed loads.
    static func pageErrors(_ log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter {
            $0.contains("Uncaught") || $0.contains(":CONSOLE") || $0.contains("Failed to load resource") || $0.contains("net::ERR_")
        }
    }
}

/// `data-k` elements of a page: (figure key, text shown).
enum PageNumbers {
    static func decode(_ s: Substring) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&nbsp;", with: "\u{00A0}")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func all(_ dom: String) throws -> [(String, String)] {
        let pattern = try Regex(#"data-k="([^"]*)">([^<]*)<"#)
        return dom.matches(of: pattern).compactMap { m in
            guard let k = m.output[1].substring, let v = m.output[2].substring else { return nil }
            return (decode(k), decode(v))
        }
    }

    /// Whether `shown` prints `value`: the same mark, or the same integer once separators,
    /// the euro sign and the decimal comma are dropped (amounts are in cents).
    static func matches(_ shown: String, _ value: JSONValue) -> Bool {
        if let mark = value.stringValue { return shown == mark }
        guard let n = value.integerValue else { return false }
        let negative = shown.contains("\u{2212}") || shown.contains("-")
        let digits = shown.filter(\.isASCII).filter(\.isNumber)
        guard let magnitude = Int64(digits) else { return false }
        return (negative ? -magnitude : magnitude) == n
    }
}

@Suite("report.html in a real browser")
struct BrowserTests {
    @Test("headless Chromium: no page errors, every chart drawn with its table, every number equals figures.json, a PDF prints")
    func chromium_rendersThePage() throws {
        let (store, _) = try Seeds.store([Seeds.sesto])
        let tmp = try TempDirectory()
        let out = tmp.path + "/report"
        let written = try Subprocess.albo(["report", "semester", "--store", store.path, "--semester", "2019-H1",
                                           "--protocol", Seeds.sestoProtocol, "--out", out, "--office", PrintedPDF.office])
        #expect(written.code == 0, "\(written.stderr)")
        let page = "file://" + out + "/report.html"

        let dump = try Chromium.run(["--dump-dom", page])
        #expect(dump.code == 0, "\(dump.stderr.suffix(2000))")
        #expect(Chromium.pageErrors(dump.stderr).isEmpty, "\(Chromium.pageErrors(dump.stderr))")
        // The log scan sees a page's errors: a broken page is caught.
        let broken = try tmp.file("broken.html", "<!DOCTYPE html><p>x</p><script>missing()</script>")
        #expect(!Chromium.pageErrors(try Chromium.run(["--dump-dom", "file://" + broken]).stderr).isEmpty)
        let dom = dump.stdout
        #expect(dom.contains("<h1>Relazione semestrale sull'attività dei servizi per il lavoro</h1>"))

        let figures = try ReportFiles.figures(out)
        var withData = 0
        var notes: [String] = []
        for id in ReportPage.chartIDs {
            guard let start = dom.range(of: "<figure class=\"chart\" id=\"\(id)\">") ?? dom.range(of: "<figure class=\"chart wide\" id=\"\(id)\">") else {
                // Sesto announces no public hire: one sentence instead of the two hires charts.
                #expect(["chart-roles", "chart-funding"].contains(id) && dom.contains("<p id=\"no-hires\">"), "chart \(id) is missing")
                continue
            }
            let rest = dom[start.upperBound...]
            let chart = rest[..<(rest.range(of: "</figure>")?.lowerBound ?? rest.endIndex)]
            #expect(chart.contains("<figcaption>"), "\(id)")
            #expect(chart.contains("<table class=\"data\">") && chart.contains("<th scope=\"col\">"), "\(id)")
            let split = chart.range(of: "</svg>") ?? chart.range(of: "</p>")
            let svg = chart[..<(split?.lowerBound ?? chart.endIndex)]
            let table = chart[(split?.upperBound ?? chart.endIndex)...]
            let drawn = Set(try PageNumbers.all(String(svg)).map(\.0))
            let listed = try PageNumbers.all(String(table))
            // Every value the chart draws is one of its table's; a chart with a published non-zero
            // count draws it; one without any says so in a sentence, and draws nothing.
            #expect(drawn.isSubset(of: Set(listed.map(\.0))), "\(id) draws \(drawn.subtracting(listed.map(\.0)))")
            let drawable = listed.contains { key, text in (figures[key]?.integerValue ?? 0) > 0 && !text.contains("<") }
            if drawable {
                #expect(chart.contains("<svg") && chart.contains("<title") && !drawn.isEmpty && svg.contains("<rect"), "\(id) draws nothing")
                withData += 1
            } else {
                #expect(!chart.contains("<svg") && chart.contains("<p class=\"chart-note\">"), "\(id): nothing to draw, and no sentence says so")
                #expect(listed.contains { $0.1 == "< 5" || $0.1 == "x" } == chart.contains("compresi tra 1 e 4"), "\(id)")
                notes.append(id)
            }
        }
        // Every fixed-term length is 1 to 4 placements: that chart is a sentence, as is no other.
        #expect(notes == ["chart-months"], "\(notes)")
        #expect(withData == ReportPage.chartIDs.count - 3)
        let shown = try PageNumbers.all(dom)
        #expect(shown.count >= figures.count)
        for (key, text) in shown {
            guard let value = figures[key] else {
                Issue.record("the page shows \(key), which figures.json lacks")
                continue
            }
            #expect(PageNumbers.matches(text, value), "\(key): page \(text), figures.json \(value)")
        }
        let onPage = Set(shown.map(\.0))
        let absent = figures.keys.filter { !onPage.contains($0) }
        #expect(absent.isEmpty, "figures not on the page: \(absent.sorted().prefix(10))")
        // The tree head on the first page is the one figures.json names.
        let doc = try JSONParser.parse(try ReportFiles.read(out, "figures.json")).objectValue ?? [:]
        #expect(dom.contains("<td id=\"tree-size\">\(doc["treeSize"]?.integerValue ?? -1)</td>"))

        let pdf = tmp.path + "/report.pdf"
        let printed = try Chromium.run(["--print-to-pdf=" + pdf, "--no-pdf-header-footer", page])
        #expect(printed.code == 0, "\(printed.stderr.suffix(2000))")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(bytes.starts(with: Array("%PDF-".utf8)))
        // Latin-1 keeps every byte as one character, so the PDF's ASCII structure can be searched.
        let text = String(bytes.map { Character(Unicode.Scalar($0)) })
        let pages = text.matches(of: try Regex(#"/Type\s*/Page[^s]"#)).count
        #expect(pages >= 3, "\(pages) pages")
        #expect(text.contains("/MediaBox [0 0 594.95996 841.91998]"), "pages are not A4")
        try PrintedPDF.check(pdf, pageWord: "Pagina", of: "di", dateLabel: "Data del documento:")

        // The English page, exact: the same check with English number formats.
        let en = tmp.path + "/report-en"
        #expect(try Subprocess.albo(["report", "semester", "--store", store.path, "--semester", "2019-H1", "--protocol", Seeds.sestoProtocol,
                                     "--out", en, "--lang", "en", "--exact"]).code == 0)
        let enDump = try Chromium.run(["--dump-dom", "file://" + en + "/report.html"])
        #expect(enDump.stdout.contains("<h1>Employment services: semester activity report</h1>") && enDump.stdout.contains("INTERNAL USE"))
        let enFigures = try ReportFiles.figures(en)
        let enShown = try PageNumbers.all(enDump.stdout)
        #expect(Set(enShown.map(\.0)) == Set(enFigures.keys))
        for (key, text) in enShown {
            #expect(enFigures[key].map { PageNumbers.matches(text, $0) } == true, "\(key): page \(text), figures.json \(String(describing: enFigures[key]))")
        }

        let png = tmp.path + "/report.png"
        let shot = try Chromium.run(["--screenshot=" + png, "--window-size=1240,1754", "--hide-scrollbars", page])
        #expect(shot.code == 0, "\(shot.stderr.suffix(2000))")
        #expect(try Data(contentsOf: URL(fileURLWithPath: png)).starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }
}
