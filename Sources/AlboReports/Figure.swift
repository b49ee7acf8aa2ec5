/// One published number: a measure for a semester, optionally broken down by a dimension.
public struct Figure: Sendable, Hashable {
    /// `2019-H1`.
    public var semester: String
    /// A `Measure` id, e.g. `cases.opened`.
    public var measure: String
    /// `""` for a total, else `name=value` parts joined by `;` (e.g. `desk=Sesto;contract=permanent`).
    public var dimension: String
    /// The count as computed.
    public var exact: Int64
    /// What is published.
    public var value: Cell

    public init(semester: String, measure: String, dimension: String, exact: Int64, value: Cell? = nil) {
        self.semester = semester
        self.measure = measure
        self.dimension = dimension
        self.exact = exact
        self.value = value ?? .count(exact)
    }

    /// The key a page element or a test names this figure by: `measure|dimension|semester`.
    public var key: String { "\(measure)|\(dimension)|\(semester)" }

    /// The dimension's value for `name` (`desk` of `desk=Sesto;contract=permanent` is `Sesto`).
    public func dimension(_ name: String) -> String? {
        for part in dimension.split(separator: ";", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if kv.count == 2, kv[0] == name { return String(kv[1]) }
        }
        return nil
    }

    /// A published cell.
    public enum Cell: Sendable, Hashable {
        /// The number itself.
        case count(Int64)
        /// A count from 1 to 4 that could single out a person: `< 5`.
        case small
        /// Withheld so that a published total does not reveal a small cell: `x`.
        case withheld

        /// The published text of a hidden cell; nil for a number.
        public var mark: String? {
            switch self {
            case .count: nil
            case .small: "< 5"
            case .withheld: "x"
            }
        }
    }
}

extension Figure {
    /// A dimension string from name/value pairs.
    static func dimension(_ parts: (String, String)...) -> String {
        parts.map { "\($0.0)=\($0.1)" }.joined(separator: ";")
    }
}
