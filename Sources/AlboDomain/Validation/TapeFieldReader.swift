/// Reads typed fields out of an object on a ``JSONTape`` with the rules and messages of
/// ``FieldReader``, without a dictionary: members are found by a scan comparing key bytes,
/// and remembered as read by their position.
struct TapeFieldReader: FieldReading {
    let tape: JSONTape
    /// The object's node on the tape.
    let node: Int
    let path: String
    let sink: ViolationSink
    /// Whether personal fields may hold sealed values (a stored record's payload).
    var acceptsSealed = false
    /// Members read, by position: bit i for member i < 64, `laterRead` beyond.
    private var read: UInt64 = 0
    private var laterRead: [Int] = []
    private let startCount: Int
    /// Where the next lookup starts: just after the member found last.
    private var cursor: JSONTape.MemberCursor

    init(_ tape: JSONTape, node: Int, path: String, sink: ViolationSink) {
        self.tape = tape
        self.node = node
        self.path = path
        self.sink = sink
        self.startCount = sink.items.count
        self.cursor = JSONTape.MemberCursor(position: 0, key: node + 1)
    }

    var isClean: Bool { sink.items.count == startCount }

    func at(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    func has(_ key: String) -> Bool { tape.member(key, in: node) != nil }

    var isEmpty: Bool { tape.count(node) == 0 }

    func sortedKeys() -> [String] { tape.members(of: node).map { tape.string($0.key) ?? "" }.sorted() }

    /// The member's value node, reporting `required` and `null` problems.
    mutating func value(_ key: String, required: Bool) -> Int? {
        let start = cursor
        guard let (position, value) = withContiguousUTF8(of: key, { tape.memberPosition($0, in: node, from: start) }) else {
            if required { sink.add(at(key), "required", "\"\(key)\" is required.") }
            return nil
        }
        cursor = JSONTape.MemberCursor(position: position + 1, key: tape.after(value))
        if position < 64 { read |= 1 << UInt64(position) } else { laterRead.append(position) }
        if tape.kind(value) == .null {
            sink.add(at(key), "null", "\"\(key)\" is null; Albo has no nulls: omit an optional field instead.")
            return nil
        }
        return value
    }

    /// The raw string member `key`, or nil, without counting it as read (the envelope's id for messages).
    func peekString(_ key: String) -> String? {
        tape.member(key, in: node).flatMap(tape.string)
    }

    mutating func string(_ key: String, required: Bool, maxLength: Int) -> String? {
        guard let v = value(key, required: required) else { return nil }
        guard let s = tape.string(v) else {
            sink.add(at(key), "type", "\"\(key)\" must be a string, not \(tape.typeName(v)).")
            return nil
        }
        if let check = tape.withUTF8(v, ASCIICheck.init), check.isASCII {
            if check.isBlank {
                sink.add(at(key), "length", "\"\(key)\" must not be empty.")
                return nil
            }
            if check.count > maxLength {
                sink.add(at(key), "length", "\"\(key)\" is \(check.count) characters long; at most \(maxLength) are allowed.")
                return nil
            }
            if check.hasControl {
                sink.add(at(key), "control-character", "\"\(key)\" contains a control character (tab, newline…); write it on one line.")
                return nil
            }
            return s
        }
        // Beyond ASCII, the reference's own checks on the String.
        return checkedText(key, s, maxLength: maxLength)
    }

    /// ``string(_:required:maxLength:)``'s checks on ASCII text, read from its bytes: in ASCII
    /// a scalar is a byte, and a Character (a byte, or CR LF) is whitespace exactly when its bytes are.
    private struct ASCIICheck {
        var isASCII = true
        var isBlank = true
        var hasControl = false
        let count: Int

        init(_ utf8: UnsafeBufferPointer<UInt8>) {
            count = utf8.count
            for byte in utf8 {
                if byte >= 0x80 {
                    isASCII = false
                    return
                }
                isBlank = isBlank && (byte == 0x20 || (byte >= 0x09 && byte <= 0x0D))
                hasControl = hasControl || byte < 0x20 || byte == 0x7F
            }
        }
    }

    mutating func sealedString(_ key: String) -> String? {
        guard let v = tape.member(key, in: node), let s = tape.string(v), SealedValue.isSealed(s) else { return nil }
        return string(key, required: true, maxLength: Int.max)
    }

    mutating func identifier(_ key: String, required: Bool) -> String? {
        guard let v = value(key, required: required) else { return nil }
        guard tape.withUTF8(v, { Identifier.isValid(utf8: $0) }) == true, let s = tape.string(v) else {
            sink.add(at(key), "identifier", "\"\(key)\" must match [A-Za-z0-9._-]{1,64} (letters, digits, '.', '_', '-').")
            return nil
        }
        return s
    }

    mutating func uuid(_ key: String, required: Bool) -> String? {
        guard let v = value(key, required: required) else { return nil }
        guard let n = tape.withUTF8(v, { Identifier.normalizedUUID(utf8: $0) }) ?? nil else {
            sink.add(at(key), "uuid", "\"\(key)\" must be a UUID like 3f0e8c1a-5b7d-4c2e-9a61-0d4b2f1e7c3a.")
            return nil
        }
        return n
    }

    mutating func date(_ key: String, required: Bool) -> CivilDate? {
        guard let v = value(key, required: required) else { return nil }
        guard let d = tape.withUTF8(v, { CivilDate.parse($0) }) ?? nil else {
            sink.add(at(key), "date", "\"\(key)\" must be a real calendar date written YYYY-MM-DD.")
            return nil
        }
        return d
    }

    mutating func integer(_ key: String, required: Bool, in range: ClosedRange<Int64>) -> Int64? {
        guard let v = value(key, required: required) else { return nil }
        switch tape.kind(v) {
        case .integer:
            let i = tape.integer(v) ?? 0
            guard range.contains(i) else {
                let bound = range.upperBound >= FieldReader.maxSafeInteger ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
                sink.add(at(key), "range", "\"\(key)\" is \(i); it must be \(bound).")
                return nil
            }
            return i
        case .number:
            sink.add(at(key), "integer", "\"\(key)\" must be a whole number written without fraction or exponent (amounts are integer cents).")
        default:
            sink.add(at(key), "type", "\"\(key)\" must be an integer, not \(tape.typeName(v)).")
        }
        return nil
    }

    mutating func oneOf<Term: VocabularyTerm>(_ key: String, _ vocabulary: Term.Type, required: Bool) -> Term? {
        guard let v = value(key, required: required) else { return nil }
        guard let s = tape.string(v), let term = Term(rawValue: s) else {
            sink.add(at(key), "enum", "\"\(key)\" must be one of \(Term.names.joined(separator: ", ")).")
            return nil
        }
        return term
    }

    mutating func strings(_ key: String, required: Bool, minCount: Int, allowed: Set<String>?) -> [String]? {
        guard let v = value(key, required: required) else { return nil }
        guard tape.kind(v) == .array else {
            sink.add(at(key), "type", "\"\(key)\" must be an array of strings.")
            return nil
        }
        return checkedStrings(key, tape.elements(of: v).map { tape.string($0) }, minCount: minCount, allowed: allowed)
    }

    mutating func boolean(_ key: String, required: Bool) -> Bool? {
        guard let v = value(key, required: required) else { return nil }
        switch tape.kind(v) {
        case .true: return true
        case .false: return false
        default:
            sink.add(at(key), "type", "\"\(key)\" must be true or false, not \(tape.typeName(v)).")
            return nil
        }
    }

    mutating func objects(_ key: String, required: Bool, minCount: Int) -> [TapeFieldReader]? {
        guard let v = value(key, required: required) else { return nil }
        guard tape.kind(v) == .array else {
            sink.add(at(key), "type", "\"\(key)\" must be an array of objects.")
            return nil
        }
        var out: [TapeFieldReader] = []
        for (i, element) in tape.elements(of: v).enumerated() {
            guard tape.kind(element) == .object else {
                sink.add("\(at(key))[\(i)]", "type", "each element of \"\(key)\" must be an object.")
                return nil
            }
            out.append(TapeFieldReader(tape, node: element, path: "\(at(key))[\(i)]", sink: sink))
        }
        if out.count < minCount {
            sink.add(at(key), "length", "\"\(key)\" needs at least \(minCount) element\(minCount == 1 ? "" : "s").")
            return nil
        }
        return out
    }

    mutating func object(_ key: String, required: Bool) -> TapeFieldReader? {
        guard let v = value(key, required: required) else { return nil }
        guard tape.kind(v) == .object else {
            sink.add(at(key), "type", "\"\(key)\" must be an object, not \(tape.typeName(v)).")
            return nil
        }
        return TapeFieldReader(tape, node: v, path: at(key), sink: sink)
    }

    func rejectUnknown() {
        let count = tape.count(node)
        let readCount = read.nonzeroBitCount + Set(laterRead).count
        guard readCount < count else { return }
        var unknown: [String] = []
        for (position, member) in tape.members(of: node).enumerated() {
            let wasRead = position < 64 ? read & (1 << UInt64(position)) != 0 : laterRead.contains(position)
            if !wasRead { unknown.append(tape.string(member.key) ?? "") }
        }
        for key in unknown.sorted() {
            sink.add(at(key), "unknown-field", "unknown field \"\(key)\"; check its spelling against the schema for this event type.")
        }
    }
}
