/// What the payload rules need from a reader of one JSON object's fields: typed reads that
/// report each problem to the sink and remember which members were read.
///
/// Two readers implement it: ``TapeFieldReader`` over a ``JSONTape`` (the path every caller
/// takes) and ``FieldReader`` over a parsed dictionary (the reference the tests compare with).
/// The rules in ``EventDecoder`` are written once, against this protocol.
protocol FieldReading {
    /// A member's value, as the reader holds it.
    associatedtype Value

    var sink: ViolationSink { get }
    /// True when nothing read through this reader (or readers made after it) was wrong.
    var isClean: Bool { get }
    /// The field path of member `key`, e.g. `data.outcomePayment.tariffs`.
    func at(_ key: String) -> String
    /// Whether the object has member `key` (without counting it as read).
    func has(_ key: String) -> Bool
    /// Whether the object has no members.
    var isEmpty: Bool { get }
    /// The object's keys in Swift's `String` order.
    func sortedKeys() -> [String]

    mutating func value(_ key: String, required: Bool) -> Value?
    mutating func string(_ key: String, required: Bool, maxLength: Int) -> String?
    mutating func identifier(_ key: String, required: Bool) -> String?
    mutating func uuid(_ key: String, required: Bool) -> String?
    mutating func date(_ key: String, required: Bool) -> CivilDate?
    mutating func integer(_ key: String, required: Bool, in range: ClosedRange<Int64>) -> Int64?
    /// A member that must be a term of `vocabulary`.
    mutating func oneOf<Term: VocabularyTerm>(_ key: String, _ vocabulary: Term.Type, required: Bool) -> Term?
    mutating func strings(_ key: String, required: Bool, minCount: Int, allowed: Set<String>?) -> [String]?
    mutating func object(_ key: String, required: Bool) -> Self?
    /// A member that must be `true` or `false`.
    mutating func boolean(_ key: String, required: Bool) -> Bool?
    /// A member that must be an array of objects, at least `minCount` of them: a reader for each.
    mutating func objects(_ key: String, required: Bool, minCount: Int) -> [Self]?
    /// Whether a personal field may hold a sealed value (reading a stored record, not input).
    var acceptsSealed: Bool { get }
    /// The member's text when it is a string holding a sealed value (counted as read), else nil
    /// without reading it.
    mutating func sealedString(_ key: String) -> String?
    /// Reports every member that was never read: a typo must never be silently dropped.
    func rejectUnknown()
}

extension FieldReading {
    /// The rule for a text member, once for both readers: not blank, at most `maxLength`
    /// Unicode scalars, no control character.
    func checkedText(_ key: String, _ s: String, maxLength: Int) -> String? {
        let count = s.unicodeScalars.count
        if count == 0 || s.allSatisfy(\.isWhitespace) {
            sink.add(at(key), "length", "\"\(key)\" must not be empty.")
            return nil
        }
        if count > maxLength {
            sink.add(at(key), "length", "\"\(key)\" is \(count) characters long; at most \(maxLength) are allowed.")
            return nil
        }
        if s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            sink.add(at(key), "control-character", "\"\(key)\" contains a control character (tab, newline…); write it on one line.")
            return nil
        }
        return s
    }

    /// A personal field: its sealed value as stored when that is allowed and present, else
    /// the clear value read and checked by `read`.
    mutating func personal(_ key: String, _ read: (inout Self) -> String?) -> String? {
        if acceptsSealed, let sealed = sealedString(key) { return sealed }
        return read(&self)
    }

    mutating func string(_ key: String, required: Bool) -> String? {
        string(key, required: required, maxLength: 200)
    }

    /// A personal field whose value is not a string (an object, a list, a flag): its sealed
    /// text as stored when that is allowed and present, else the clear value read by `read`.
    /// Nil when the field is absent or wrong (`read` reports why).
    mutating func sealable<V>(_ key: String, _ read: (inout Self) -> V?) -> Sealable<V>? {
        if acceptsSealed, let sealed = sealedString(key) { return .sealed(sealed) }
        return read(&self).map { .clear($0) }
    }

    mutating func strings(_ key: String, required: Bool, minCount: Int) -> [String]? {
        strings(key, required: required, minCount: minCount, allowed: nil)
    }

    /// A list of distinct terms of `vocabulary`, by the same rule as any list of strings.
    mutating func terms<Term: VocabularyTerm>(_ key: String, _ vocabulary: Term.Type, required: Bool, minCount: Int) -> [Term]? {
        strings(key, required: required, minCount: minCount, allowed: Term.nameSet)?.compactMap(Term.init(rawValue:))
    }
}

extension FieldReader: FieldReading {
    func has(_ key: String) -> Bool { object[key] != nil }

    mutating func sealedString(_ key: String) -> String? {
        guard case .string(let s)? = object[key], SealedValue.isSealed(s) else { return nil }
        return string(key, required: true, maxLength: Int.max)
    }
    var isEmpty: Bool { object.isEmpty }
    func sortedKeys() -> [String] { object.keys.sorted() }
}

extension FieldReading {
    /// The rule for a list of strings, once for both readers: `items` are the array's
    /// elements, each the string it holds or nil when it is not a string.
    func checkedStrings(_ key: String, _ items: [String?], minCount: Int, allowed: Set<String>?) -> [String]? {
        var out: [String] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let p = "\(at(key))[\(i)]"
            guard let s = item, !s.isEmpty, s.unicodeScalars.count <= 200 else {
                sink.add(p, "type", "each element of \"\(key)\" must be a non-empty string of at most 200 characters.")
                return nil
            }
            if let allowed, !allowed.contains(s) {
                sink.add(p, "enum", "\"\(s)\" is not one of \(allowed.sorted().joined(separator: ", ")).")
                return nil
            }
            out.append(s)
        }
        if Set(out).count != out.count {
            sink.add(at(key), "distinct", "\"\(key)\" lists the same value twice.")
            return nil
        }
        if out.count < minCount {
            sink.add(at(key), "length", "\"\(key)\" needs at least \(minCount) element\(minCount == 1 ? "" : "s").")
            return nil
        }
        return out
    }
}
