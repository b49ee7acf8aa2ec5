public import AlboDomain

extension Keyring {
    /// `record` with its sealed personal fields opened, and the fields that stay sealed (their
    /// subject's key is gone, or does not open them). The result is not the stored record:
    /// its bytes are not the leaf; use it to read, never to prove.
    public func open(_ record: StoredRecord) -> (record: StoredRecord, closed: [String]) {
        let fields = PersonalFields.of(record.type)
        guard !fields.isEmpty, let data = try? record.decodedData() else { return (record, []) }
        var out = data
        var closed: [String] = []
        for field in fields {
            guard case .string(let s)? = data[field] else { continue }
            switch opening(s, field: field) {
            case .clear: break
            case .opened(let clear) where record.type.structuredPersonalFields.contains(field):
                // Sealed as RFC 8785 text: opened back into the JSON value it was.
                guard let value = try? JSONParser.parse(Array(clear.utf8)) else { closed.append(field); continue }
                out[field] = value
            case .opened(let clear): out[field] = .string(clear)
            case .erased, .unreadable: closed.append(field)
            }
        }
        guard out != data else { return (record, closed) }
        let sink = ViolationSink(line: 0)
        // An opened value that breaks its field's rule is not what was sealed: keep the record sealed.
        guard let payload = EventDecoder.payload(record.type, out, version: record.schema, sink: sink) else { return (record, fields) }
        var opened = record
        opened.dataBytes = CanonicalJSON.encode(.object(out))
        opened.payload = payload
        return (opened, closed)
    }

    /// The subjects whose sealed values `record` holds.
    public static func subjects(of record: StoredRecord) -> Set<String> {
        guard !PersonalFields.of(record.type).isEmpty, let data = try? record.decodedData() else { return [] }
        return RecordSealing.subjects(in: data, type: record.type)
    }
}
