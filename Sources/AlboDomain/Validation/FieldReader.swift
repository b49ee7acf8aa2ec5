/// Reads typed fields out of a parsed JSON object, reporting every problem to a sink and
/// remembering which members it read, so that unknown ones can be refused.
///
/// The reference implementation: ``TapeFieldReader`` does the same over a tape, and the tests
/// compare the two on every corpus.
struct FieldReader {
    let object: [String: JSONValue]
    let path: String
    let sink: ViolationSink
    /// Whether personal fields may hold sealed values (a stored record's payload).
    var acceptsSealed = false
    /// Keys read that the object has; an array, as hashing every key again would cost more than this check saves.
    private var present: [String] = []
    /// 2^53 − 1: beyond it RFC 8785 libraries disagree on how to write an integer, so no field may hold more.
    static let maxSafeInteger: Int64 = (1 << 53) - 1

    /// How many violations the sink held when this reader began.
    private let startCount: Int

    init(_ object: [String: JSONValue], path: String, sink: ViolationSink) {
        self.object = object
        self.path = path
        self.sink = sink
        self.startCount = sink.items.count
    }

    /// True when nothing read through this reader (or readers made after it) was wrong.
    var isClean: Bool { sink.items.count == startCount }

    func at(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The raw member, reporting `required` and `null` problems.
    mutating func value(_ key: String, required: Bool) -> JSONValue? {
        guard let v = object[key] else {
            if required { sink.add(at(key), "required", "\"\(key)\" is required.") }
            return nil
        }
        present.append(key)
        if case .null = v {
            sink.add(at(key), "null", "\"\(key)\" is null; Albo has no nulls: omit an optional field instead.")
            return nil
        }
        return v
    }

    mutating func string(_ key: String, required: Bool, maxLength: Int) -> String? {
        guard let v = value(key, required: required) else { return nil }
        guard case .string(let s) = v else {
            sink.add(at(key), "type", "\"\(key)\" must be a string, not \(v.typeName).")
            return nil
        }
        return checkedText(key, s, maxLength: maxLength)
    }

    mutating func identifier(_ key: String, required: Bool) -> String? {
        guard let v = value(key, required: required) else { return nil }
        guard case .string(let s) = v, Identifier.isValid(s) else {
            sink.add(at(key), "identifier", "\"\(key)\" must match [A-Za-z0-9._-]{1,64} (letters, digits, '.', '_', '-').")
            return nil
        }
        return s
    }

    mutating func uuid(_ key: String, required: Bool) -> String? {
        guard let v = value(key, required: required) else { return nil }
        guard case .string(let s) = v, let n = Identifier.normalizedUUID(s) else {
            sink.add(at(key), "uuid", "\"\(key)\" must be a UUID like 3f0e8c1a-5b7d-4c2e-9a61-0d4b2f1e7c3a.")
            return nil
        }
        return n
    }

    mutating func date(_ key: String, required: Bool) -> CivilDate? {
        guard let v = value(key, required: required) else { return nil }
        guard case .string(let s) = v, let d = CivilDate(s) else {
            sink.add(at(key), "date", "\"\(key)\" must be a real calendar date written YYYY-MM-DD.")
            return nil
        }
        return d
    }

    mutating func integer(_ key: String, required: Bool, in range: ClosedRange<Int64>) -> Int64? {
        guard let v = value(key, required: required) else { return nil }
        switch v {
        case .integer(let i):
            guard range.contains(i) else {
                let bound = range.upperBound >= FieldReader.maxSafeInteger ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
                sink.add(at(key), "range", "\"\(key)\" is \(i); it must be \(bound).")
                return nil
            }
            return i
        case .number:
            sink.add(at(key), "integer", "\"\(key)\" must be a whole number written without fraction or exponent (amounts are integer cents).")
        default:
            sink.add(at(key), "type", "\"\(key)\" must be an integer, not \(v.typeName).")
        }
        return nil
    }

    mutating func oneOf<Term: VocabularyTerm>(_ key: String, _ vocabulary: Term.Type, required: Bool) -> Term? {
        guard let v = value(key, required: required) else { return nil }
        guard case .string(let s) = v, let term = Term(rawValue: s) else {
            sink.add(at(key), "enum", "\"\(key)\" must be one of \(Term.names.joined(separator: ", ")).")
            return nil
        }
        return term
    }

    mutating func strings(_ key: String, required: Bool, minCount: Int, allowed: Set<String>?) -> [String]? {
        guard let v = value(key, required: required) else { return nil }
        guard case .array(let items) = v else {
            sink.add(at(key), "type", "\"\(key)\" must be an array of strings.")
            return nil
        }
        return checkedStrings(key, items.map(\.stringValue), minCount: minCount, allowed: allowed)
    }

    mutating func boolean(_ key: String, required: Bool) -> Bool? {
        guard let v = value(key, required: required) else { return nil }
        guard case .bool(let b) = v else {
            sink.add(at(key), "type", "\"\(key)\" must be true or false, not \(v.typeName).")
            return nil
        }
        return b
    }

    mutating func objects(_ key: String, required: Bool, minCount: Int) -> [FieldReader]? {
        guard let v = value(key, required: required) else { return nil }
        guard case .array(let items) = v else {
            sink.add(at(key), "type", "\"\(key)\" must be an array of objects.")
            return nil
        }
        var out: [FieldReader] = []
        for (i, item) in items.enumerated() {
            guard case .object(let o) = item else {
                sink.add("\(at(key))[\(i)]", "type", "each element of \"\(key)\" must be an object.")
                return nil
            }
            out.append(FieldReader(o, path: "\(at(key))[\(i)]", sink: sink))
        }
        if out.count < minCount {
            sink.add(at(key), "length", "\"\(key)\" needs at least \(minCount) element\(minCount == 1 ? "" : "s").")
            return nil
        }
        return out
    }

    mutating func object(_ key: String, required: Bool) -> FieldReader? {
        guard let v = value(key, required: required) else { return nil }
        guard case .object(let o) = v else {
            sink.add(at(key), "type", "\"\(key)\" must be an object, not \(v.typeName).")
            return nil
        }
        return FieldReader(o, path: at(key), sink: sink)
    }

    /// Reports every member that was never read: a typo must never be silently dropped.
    func rejectUnknown() {
        guard present.count < object.count else { return }
        for key in object.keys.sorted() where !present.contains(key) {
            sink.add(at(key), "unknown-field", "unknown field \"\(key)\"; check its spelling against the schema for this event type.")
        }
    }
}
