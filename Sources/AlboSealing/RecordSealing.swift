public import AlboDomain

/// Seals and opens the personal fields of one event's `data`.
public enum RecordSealing {
    /// `data` with each personal field of `type` sealed for `subject`, and, for a
    /// `CaseOpened`, the subject reference added in clear.
    public static func seal(_ data: [String: JSONValue], type: EventType, eventId: String, subject: String,
                            key: SubjectKey) -> [String: JSONValue] {
        var out = data
        let context = SubjectKey.Context(key)
        let structured = Set(type.structuredPersonalFields)
        for field in PersonalFields.of(type) {
            // A structured value (an object, a list, a flag) is sealed as its RFC 8785 text.
            let clear: String
            switch data[field] {
            case .string(let s)? where !structured.contains(field): clear = s
            case let value? where structured.contains(field): clear = String(decoding: CanonicalJSON.encode(value), as: UTF8.self)
            default: continue
            }
            out[field] = .string(FieldSealer.seal(clear, field: field, eventId: eventId, subject: subject, context: context).text)
        }
        if type == .caseOpened { out[PersonalFields.subjectField] = .string(subject) }
        return out
    }

    /// The subjects whose sealed values `data` holds.
    public static func subjects(in data: [String: JSONValue], type: EventType) -> Set<String> {
        var out = Set<String>()
        for field in PersonalFields.of(type) {
            if case .string(let s)? = data[field], let sealed = SealedValue(s) { out.insert(sealed.subject) }
        }
        return out
    }
}
