public import AlboDomain

/// The ESF+ indicators as published: counts from 1 to 4 as `< 5` unless exact; and, since
/// each total is published, a row that would hide exactly one gender's count hides one more
/// (the smallest other non-zero count, else a zero), as `x`, so that no difference reveals it.
public struct EsfPublication: Sendable {
    public var indicators: EsfIndicators
    public var exact: Bool
    /// key → column → published cell.
    public var cells: [String: [String: Figure.Cell]]

    public init(_ indicators: EsfIndicators, exact: Bool) {
        self.indicators = indicators
        self.exact = exact
        var cells: [String: [String: Figure.Cell]] = [:]
        for key in EsfIndicators.keys {
            let row = indicators.counts[key] ?? [:]
            var out: [String: Figure.Cell] = [:]
            for column in EsfIndicators.columns {
                let n = row[column] ?? 0
                out[column] = !exact && (1..<Suppression.threshold).contains(n) ? .small : .count(n)
            }
            let genders = EsfIndicators.columns.dropLast()
            if !exact, genders.filter({ out[$0]?.mark != nil }).count == 1 {
                let open = genders.filter { out[$0]?.mark == nil }
                let pick = open.filter { (row[$0] ?? 0) > 0 }.min { (row[$0] ?? 0, $0) < (row[$1] ?? 0, $1) } ?? open.first
                if let pick { out[pick] = .withheld }
            }
            cells[key] = out
        }
        self.cells = cells
    }

    /// A cell as JSON: the number, or its mark.
    public func json(_ key: String, _ column: String) -> JSONValue {
        switch cells[key]?[column] ?? .count(0) {
        case .count(let n): .integer(n)
        case let other: .string(other.mark ?? "")
        }
    }

    /// A cell as text.
    public func text(_ key: String, _ column: String) -> String {
        switch cells[key]?[column] ?? .count(0) {
        case .count(let n): String(n)
        case let other: other.mark ?? ""
        }
    }
}
