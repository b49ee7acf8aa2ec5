/// Turns one parsed input line into an `IncomingEvent`, checking every rule that
/// needs no store: envelope shape, types, vocabularies, identifiers, dates, and
/// rules between fields of the same event.
public enum EventDecoder {
    /// Decodes `value`, the parsed JSON of line `sink.line`; nil when any rule failed.
    ///
    /// The reference path, over a dictionary; ``decode(tape:sink:)`` gives the same result.
    public static func decode(_ value: JSONValue, sink: ViolationSink) -> IncomingEvent? {
        guard case .object(let envelope) = value else {
            sink.add("", "type", "each line must be a JSON object, not \(value.typeName).")
            return nil
        }
        var r = FieldReader(envelope, path: "", sink: sink)
        sink.eventId = envelope["id"]?.stringValue
        let id = r.uuid("id", required: true)
        if let id { sink.eventId = id }
        let typeName = r.value("type", required: true)
        var type: EventType?
        if let typeName {
            type = typeName.stringValue.flatMap(EventType.init(rawValue:))
            if type == nil {
                sink.add("type", "enum", "\"type\" must be one of \(EventType.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        let recordedBy = r.string("recordedBy", required: true, maxLength: 64)
        let expectedVersion = r.integer("expectedVersion", required: false, in: 0...FieldReader.maxSafeInteger)
        let data = r.object("data", required: true)
        r.rejectUnknown()
        guard var data, let type else { return nil }
        let payload = decodePayload(type, &data, version: type.payloadVersion)
        data.rejectUnknown()
        guard sink.isEmpty, let payload, let id, let recordedBy else { return nil }
        var stored = data.object
        if case .eventVoided(let v) = payload { stored["eventId"] = .string(v.eventId) }
        return IncomingEvent(id: id, type: type, recordedBy: recordedBy, expectedVersion: expectedVersion,
                             dataBytes: CanonicalJSON.encode(.object(stored)), payload: payload)
    }

    /// Decodes a stored payload of a known type written under payload `version` (the reference
    /// path, over a dictionary).
    public static func payload(_ type: EventType, _ data: [String: JSONValue], version: Int, sink: ViolationSink) -> Payload? {
        var reader = FieldReader(data, path: "data", sink: sink)
        reader.acceptsSealed = true
        let payload = decodePayload(type, &reader, version: version)
        reader.rejectUnknown()
        return sink.isEmpty ? payload : nil
    }

    /// Reads `data` as payload `version` of `type` (its current version for input), upcast to
    /// the current version by the type's own reader.
    static func decodePayload(_ type: EventType, _ d: inout some FieldReading, version: Int) -> Payload? {
        read(type.reader, &d, version: version)
    }

    private static func read<P: PayloadReading>(_: P.Type, _ d: inout some FieldReading, version: Int) -> Payload? {
        P.read(&d, version: version)?.payload
    }
}
