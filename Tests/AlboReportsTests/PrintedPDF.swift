import AlboTestSupport
import Foundation
import Testing

/// A report printed to PDF by Chromium, read back word by word with poppler's `pdftotext
/// -bbox-layout` (each word with its box on its page): what a clerk sees on paper.
enum PrintedPDF {
    /// The office the browser tests print on every page.
    static let office = "Comune di Sesto San Giovanni – Settore Lavoro"

    struct Word {
        var text: String
        var xMin, yMin, xMax, yMax: Double
    }

    struct Page {
        var width, height: Double
        var words: [Word]
        var text: String { words.map(\.text).joined(separator: " ") }
    }

    static func pages(_ pdf: String) throws -> [Page] {
        let out = pdf + ".bbox.html"
        let r = try Subprocess.run("/usr/bin/pdftotext", ["-bbox-layout", pdf, out])
        guard r.code == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "pdftotext: \(r.stderr)"]) }
        let html = String(decoding: try Data(contentsOf: URL(fileURLWithPath: out)), as: UTF8.self)
        let pageRegex = try Regex(#"<page width="([\d.]+)" height="([\d.]+)">"#)
        let wordRegex = try Regex(#"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>"#)
        let starts = html.matches(of: pageRegex)
        return starts.enumerated().map { i, m in
            let end = i + 1 < starts.count ? starts[i + 1].range.lowerBound : html.endIndex
            let body = html[m.range.upperBound..<end]
            func d(_ s: Substring?) -> Double { s.flatMap { Double($0) } ?? 0 }
            let words = body.matches(of: wordRegex).map { w in
                Word(text: PageNumbers.decode(w.output[5].substring ?? ""), xMin: d(w.output[1].substring), yMin: d(w.output[2].substring),
                     xMax: d(w.output[3].substring), yMax: d(w.output[4].substring))
            }
            return Page(width: d(m.output[1].substring), height: d(m.output[2].substring), words: words)
        }
    }

    /// The report's own print rules: every word inside the page's side margins (14 mm: nothing
    /// cut or running off the paper), "Pagina N di M", the office and the document's date on
    /// every page, and no page but the last left more than a third empty.
    static func check(_ pdf: String, pageWord: String, of: String, dateLabel: String) throws {
        let pages = try pages(pdf)
        #expect(pages.count >= 3)
        let margin = 14.0 / 25.4 * 72
        // Content wider than the paper is not cut by Chromium but shrunk, page and all: then
        // the 18 pt title prints smaller than 18/8 of the 8 pt page header, which is not scaled.
        if let first = pages.first {
            let top = 16.0 / 25.4 * 72
            let title = first.words.filter { $0.yMin > top }.map { $0.yMax - $0.yMin }.max() ?? 0
            let header = first.words.filter { $0.yMax < top }.map { $0.yMax - $0.yMin }.max() ?? 1
            #expect(title / header > 18.0 / 8 * 0.97, "the printed page is shrunk to fit: something is wider than A4 (title \(title), header \(header))")
        }
        for (i, page) in pages.enumerated() {
            let outside = page.words.filter { $0.xMin < margin - 1 || $0.xMax > page.width - margin + 1 }
            #expect(outside.isEmpty, "page \(i + 1): words beyond the margins: \(outside.prefix(5).map(\.text))")
            let text = page.text
            #expect(text.contains("\(pageWord) \(i + 1) \(of) \(pages.count)"), "page \(i + 1) has no page number")
            #expect(text.contains(office), "page \(i + 1) has no office")
            #expect(text.contains(dateLabel), "page \(i + 1) has no date")
            // The body ends where the bottom margin (16 mm) begins; the footer lies below it.
            let bottom = page.height - 16.0 / 25.4 * 72
            let body = page.words.filter { $0.yMax < bottom }.map(\.yMax).max() ?? 0
            if i + 1 < pages.count {
                #expect(body >= bottom * 2 / 3, "page \(i + 1) is more than a third empty (body ends at \(Int(body)) of \(Int(bottom)))")
            }
        }
    }
}
