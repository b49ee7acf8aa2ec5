public import AlboDomain

extension RecordSealing {
    /// `seal` on the RFC 8785 bytes of `data`, in one pass over them and without building the
    /// object: the bytes are exactly `CanonicalJSON.encode(.object(seal(parse(data), …)))`.
    ///
    /// Why the bytes are the same: `data` is canonical, so its members are already in key
    /// order and each value's bytes are its canonical text (the clear text of a structured
    /// field); a sealed value is ASCII with nothing to escape; the only member added is
    /// `subject`, written where key order puts it. Returns nil, and the caller seals the parsed
    /// object, wherever that reasoning needs more: a member name with an escape or a non-ASCII
    /// byte, a personal string value with an escape, a member already named `subject`.
    public static func seal(canonical data: [UInt8], type: EventType, eventId: String, subject: String,
                            key: SubjectKey) -> [UInt8]? {
        let fields = type.personalFields
        guard !fields.isEmpty else { return data }
        let structured = type.structuredPersonalFields
        let context = SubjectKey.Context(key)
        var eventId = eventId, subject = subject
        return eventId.withUTF8 { id -> [UInt8]? in
            subject.withUTF8 { ref -> [UInt8]? in
                data.withUnsafeBytes { bytes -> [UInt8]? in
                    var scanner = CanonicalMembers(bytes)
                    var out: [UInt8] = []
                    out.reserveCapacity(data.count + fields.count * 140 + 48)
                    out.append(UInt8(ascii: "{"))
                    var subjectPending = type == .caseOpened
                    var written = 0
                    func comma() { if written > 0 { out.append(UInt8(ascii: ",")) }; written += 1 }
                    func writeSubject() {
                        comma()
                        out.append(contentsOf: #""subject":""#.utf8)
                        out.append(contentsOf: ref)
                        out.append(UInt8(ascii: "\""))
                        subjectPending = false
                    }
                    while let member = scanner.next() {
                        let name = UnsafeRawBufferPointer(rebasing: bytes[member.name])
                        guard !member.nameIsEscaped, !name.contains(where: { $0 >= 0x80 }) else { return nil }
                        if name.elementsEqual(PersonalFields.subjectField.utf8) { return nil }
                        // ASCII names: byte order is UTF-16 order.
                        if subjectPending && PersonalFields.subjectField.utf8.lexicographicallyPrecedes(name) { writeSubject() }
                        guard let field = fields.first(where: { $0.utf8.elementsEqual(name) }) else {
                            comma()
                            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[member.whole]))
                            continue
                        }
                        let clear: UnsafeRawBufferPointer
                        if structured.contains(field) {
                            clear = UnsafeRawBufferPointer(rebasing: bytes[member.value])
                        } else if bytes[member.value.lowerBound] == UInt8(ascii: "\"") {
                            guard !member.valueIsEscaped else { return nil }
                            clear = UnsafeRawBufferPointer(rebasing: bytes[(member.value.lowerBound + 1)..<(member.value.upperBound - 1)])
                        } else {
                            // Not a string: left as it is, as `seal` leaves it.
                            comma()
                            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[member.whole]))
                            continue
                        }
                        comma()
                        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[member.whole.lowerBound..<member.value.lowerBound]))
                        out.append(UInt8(ascii: "\""))
                        FieldSealer.appendSealed(clear, field: name, eventId: UnsafeRawBufferPointer(id), subject: UnsafeRawBufferPointer(ref),
                                                 context: context, to: &out)
                        out.append(UInt8(ascii: "\""))
                    }
                    guard scanner.isComplete else { return nil }
                    if subjectPending { writeSubject() }
                    out.append(UInt8(ascii: "}"))
                    return out
                }
            }
        }
    }
}

/// The top-level members of a canonical JSON object, one after another: where each one's
/// name (between its quotes) and value lie, and whether either holds an escape.
struct CanonicalMembers {
    private let bytes: UnsafeRawBufferPointer
    private var at = 1
    /// Set once the closing brace is reached with every member read.
    private(set) var isComplete = false

    struct Member {
        /// `"name":value`.
        var whole: Range<Int>
        /// The name's bytes, without the quotes.
        var name: Range<Int>
        var nameIsEscaped: Bool
        /// The value's bytes, quotes included for a string.
        var value: Range<Int>
        var valueIsEscaped: Bool
    }

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        if bytes.count < 2 || bytes[0] != UInt8(ascii: "{") { at = bytes.count }
        if bytes.count == 2 && bytes[1] == UInt8(ascii: "}") { isComplete = true }
    }

    mutating func next() -> Member? {
        guard !isComplete, at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { return nil }
        let start = at
        guard let (nameEnd, nameEscaped) = stringEnd(from: at), nameEnd < bytes.count, bytes[nameEnd] == UInt8(ascii: ":") else { return nil }
        let valueStart = nameEnd + 1
        guard let (valueEnd, valueEscaped) = valueEnd(from: valueStart), valueEnd < bytes.count else { return nil }
        switch bytes[valueEnd] {
        case UInt8(ascii: ","): at = valueEnd + 1
        case UInt8(ascii: "}") where valueEnd == bytes.count - 1: at = valueEnd + 1; isComplete = true
        default: return nil
        }
        return Member(whole: start..<valueEnd, name: (start + 1)..<(nameEnd - 1), nameIsEscaped: nameEscaped,
                      value: valueStart..<valueEnd, valueIsEscaped: valueEscaped)
    }

    /// The index past the string whose opening quote is at `i`, and whether it holds an escape.
    private func stringEnd(from i: Int) -> (Int, Bool)? {
        var j = i + 1
        var escaped = false
        while j < bytes.count {
            switch bytes[j] {
            case UInt8(ascii: "\""): return (j + 1, escaped)
            case UInt8(ascii: "\\"): escaped = true; j += 2
            default: j += 1
            }
        }
        return nil
    }

    /// The index past the value starting at `i` (for a string, whether it holds an escape).
    private func valueEnd(from i: Int) -> (Int, Bool)? {
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "\""): return stringEnd(from: i)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var j = i
            while j < bytes.count {
                switch bytes[j] {
                case UInt8(ascii: "\""):
                    guard let (end, _) = stringEnd(from: j) else { return nil }
                    j = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return (j + 1, false) }
                default: break
                }
                j += 1
            }
            return nil
        default:
            var j = i
            while j < bytes.count, bytes[j] != UInt8(ascii: ","), bytes[j] != UInt8(ascii: "}") { j += 1 }
            return (j, false)
        }
    }
}
