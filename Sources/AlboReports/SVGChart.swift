/// A bar of a chart: its category label, the figure it draws, and that figure as printed.
struct ChartBar {
    var label: String
    var figure: Figure
    var text: String
}

/// Inline SVG charts drawn by Albo: no script, no external font, sized in CSS pixels so
/// they print the same at any scale. Every value label carries its figure's key.
enum SVGChart {
    /// The viewBox width of a chart drawn across the page; one beside its table is narrower,
    /// so that its text prints at the same size.
    static let width = 640
    static let narrow = 440
    static let palette = ["#1f5f8b", "#d9822b", "#3c8d5a", "#8a4f9e"]

    /// Horizontal bars, one row per bar (series side by side within a row when more than one).
    static func bars(id: String, title: String, rows: [(String, [ChartBar])], series: [String] = []) -> String {
        let width = narrow
        let perRow = max(1, rows.map(\.1.count).max() ?? 1)
        let barHeight = 16, gap = 12, labelWidth = 170, valueWidth = 50
        let rowHeight = perRow * barHeight + gap
        // A little room on top: a label wrapped on two lines rises above its row's middle.
        let legendHeight = (series.count > 1 ? 22 : 0) + 6
        let height = legendHeight + max(1, rows.count) * rowHeight + 6
        let maxValue = max(1, rows.flatMap(\.1).map(\.figure.exact).max() ?? 1)
        let plot = width - labelWidth - valueWidth
        var out = open(id: id, title: title, width: width, height: height)
        if rows.isEmpty { return out + empty(width, height) }
        out += legend(series)
        for (r, row) in rows.enumerated() {
            let y0 = legendHeight + r * rowHeight
            let lines = wrap(row.0, 27)
            let middle = y0 + perRow * barHeight / 2 + 4
            for (k, line) in lines.enumerated() {
                let y = middle + (k * 13) - (lines.count - 1) * 13 / 2
                out += "<text x=\"\(labelWidth - 8)\" y=\"\(y)\" text-anchor=\"end\" class=\"lbl\">\(HTML.escape(line))</text>"
            }
            for (i, bar) in row.1.enumerated() {
                let y = y0 + i * barHeight
                let hidden = bar.figure.value.mark != nil
                let w = hidden ? 0 : Int((Double(bar.figure.exact) / Double(maxValue) * Double(plot)).rounded())
                let color = palette[i % palette.count]
                if hidden {
                    out += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"18\" height=\"\(barHeight - 4)\" fill=\"url(#\(id)-hatch)\" stroke=\"#888\"/>"
                } else {
                    out += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(max(w, bar.figure.exact > 0 ? 1 : 0))\" height=\"\(barHeight - 4)\" fill=\"\(color)\"/>"
                }
                let x = labelWidth + (hidden ? 18 : w) + 6
                out += "<text x=\"\(x)\" y=\"\(y + barHeight - 4)\" class=\"val\" data-k=\"\(HTML.escape(bar.figure.key))\">\(HTML.escape(bar.text))</text>"
            }
        }
        return out + "</svg>"
    }

    /// Vertical columns per category (semesters, bins), series side by side.
    /// Groups in `notApplicable` (indexes) show `naText` instead of columns: a period before the
    /// activity began is not a period of zeros.
    static func columns(id: String, title: String, groups: [(String, [ChartBar])], series: [String] = [],
                        notApplicable: Set<Int> = [], naText: String = "", width: Int = width) -> String {
        let height = width < Self.width ? 200 : 230, top = series.count > 1 ? 30 : 14, bottom = 36, left = 10
        let perGroup = max(1, groups.map(\.1.count).max() ?? 1)
        let slot = (width - left * 2) / max(1, groups.count)
        let barWidth = max(6, min(40, (slot - 16) / perGroup))
        let plot = height - top - bottom
        let maxValue = max(1, groups.flatMap(\.1).map(\.figure.exact).max() ?? 1)
        var out = open(id: id, title: title, width: width, height: height)
        if groups.isEmpty { return out + empty(width, height) }
        out += legend(series)
        out += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - left)\" y2=\"\(height - bottom)\" stroke=\"#999\"/>"
        for (g, group) in groups.enumerated() {
            let x0 = left + g * slot + (slot - barWidth * group.1.count) / 2
            if notApplicable.contains(g) {
                out += "<text x=\"\(left + g * slot + slot / 2)\" y=\"\(height - bottom - 6)\" text-anchor=\"middle\" class=\"na\">\(HTML.escape(naText))</text>"
            }
            for (i, bar) in group.1.enumerated() {
                let hidden = bar.figure.value.mark != nil
                let h = hidden ? 0 : Int((Double(bar.figure.exact) / Double(maxValue) * Double(plot - 14)).rounded())
                let x = x0 + i * barWidth
                let y = height - bottom - h
                if hidden {
                    // A hidden count has no height to draw: a hatched stub marks it.
                    out += "<rect x=\"\(x + 1)\" y=\"\(y - 12)\" width=\"\(barWidth - 2)\" height=\"12\" fill=\"url(#\(id)-hatch)\" stroke=\"#888\"/>"
                } else {
                    out += "<rect x=\"\(x + 1)\" y=\"\(y)\" width=\"\(barWidth - 2)\" height=\"\(h)\" fill=\"\(palette[i % palette.count])\"/>"
                }
                out += "<text x=\"\(x + barWidth / 2)\" y=\"\(y - (hidden ? 15 : 3))\" text-anchor=\"middle\" class=\"val\" data-k=\"\(HTML.escape(bar.figure.key))\">\(HTML.escape(bar.text))</text>"
            }
            out += "<text x=\"\(left + g * slot + slot / 2)\" y=\"\(height - bottom + 16)\" text-anchor=\"middle\" class=\"lbl\">\(HTML.escape(truncate(group.0, 18)))</text>"
        }
        return out + "</svg>"
    }

    private static func open(id: String, title: String, width: Int, height: Int) -> String {
        "<svg id=\"\(id)-svg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" aria-labelledby=\"\(id)-title\">"
            + "<title id=\"\(id)-title\">\(HTML.escape(title))</title>"
            + "<defs><pattern id=\"\(id)-hatch\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\"><path d=\"M0,4 L4,0\" stroke=\"#888\"/></pattern></defs>"
    }

    /// A chart with nothing to draw: a dashed frame, so the page still shows where it is.
    private static func empty(_ width: Int, _ height: Int) -> String {
        "<rect x=\"1\" y=\"1\" width=\"\(width - 2)\" height=\"\(height - 2)\" fill=\"none\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/></svg>"
    }

    private static func legend(_ series: [String]) -> String {
        guard series.count > 1 else { return "" }
        var out = ""
        var x = 10
        for (i, name) in series.enumerated() {
            out += "<rect x=\"\(x)\" y=\"4\" width=\"12\" height=\"12\" fill=\"\(palette[i % palette.count])\"/>"
            out += "<text x=\"\(x + 16)\" y=\"14\" class=\"lbl\">\(HTML.escape(name))</text>"
            x += 24 + name.count * 7
        }
        return out
    }

    /// A label in at most two lines of about `n` characters, broken at spaces; the second
    /// line is shortened with an ellipsis when the label is longer still.
    private static func wrap(_ s: String, _ n: Int) -> [String] {
        guard s.count > n else { return [s] }
        var first = "", rest = ""
        for word in s.split(separator: " ", omittingEmptySubsequences: false) {
            if rest.isEmpty, first.isEmpty || first.count + 1 + word.count <= n {
                first += (first.isEmpty ? "" : " ") + word
            } else {
                rest += (rest.isEmpty ? "" : " ") + word
            }
        }
        return rest.isEmpty ? [truncate(first, n)] : [truncate(first, n), truncate(rest, n)]
    }

    private static func truncate(_ s: String, _ n: Int) -> String {
        s.count <= n ? s : String(s.prefix(n - 1)) + "…"
    }
}

/// HTML text escaping.
enum HTML {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
