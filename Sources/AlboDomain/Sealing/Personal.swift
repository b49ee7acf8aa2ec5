/// A personal field with a closed vocabulary (`targetGroup`), as a record or a projection
/// holds it: the term in clear, the sealed text (a sealed store, not yet opened), or erased
/// (its subject's key is gone).
public enum Personal<Term: VocabularyTerm>: Sendable, Hashable, Comparable, CustomStringConvertible {
    case term(Term)
    case sealed(String)
    case erased

    /// The term, when the value is in clear.
    public var term: Term? {
        if case .term(let t) = self { return t }
        return nil
    }

    /// The text as stored or shown: the term's text, the sealed value, or `erased`.
    public var rawValue: String {
        switch self {
        case .term(let t): t.rawValue
        case .sealed(let s): s
        case .erased: PersonalFields.erased
        }
    }

    public var description: String { rawValue }

    /// By text, as terms order.
    public static func < (a: Personal, b: Personal) -> Bool { a.rawValue < b.rawValue }

    /// Reads `rawValue` back; nil for text that is none of the three.
    public init?(rawValue text: String) {
        if let t = Term(rawValue: text) {
            self = .term(t)
        } else if SealedValue.isSealed(text) {
            self = .sealed(text)
        } else if text == PersonalFields.erased {
            self = .erased
        } else {
            return nil
        }
    }
}
