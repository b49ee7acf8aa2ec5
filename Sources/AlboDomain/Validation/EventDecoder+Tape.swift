// MARK: - Decoding from a tape

extension EventDecoder {
    /// Decodes the JSON text on `tape` (one input line, `sink.line`) with the rules and
    /// messages of ``decode(_:sink:)``; nil when any rule failed. The event's `dataBytes` are
    /// written from the tape, with EventVoided's `eventId` normalised as it is stored.
    public static func decode(tape: JSONTape, sink: ViolationSink) -> IncomingEvent? {
        guard !tape.nodes.isEmpty else {
            sink.add("", "json", "not valid JSON: nothing was parsed onto the tape")
            return nil
        }
        let root = tape.root
        guard tape.kind(root) == .object else {
            sink.add("", "type", "each line must be a JSON object, not \(tape.typeName(root)).")
            return nil
        }
        var r = TapeFieldReader(tape, node: root, path: "", sink: sink)
        sink.eventId = r.peekString("id")
        let id = r.uuid("id", required: true)
        if let id { sink.eventId = id }
        let typeNode = r.value("type", required: true)
        var type: EventType?
        if let typeNode {
            type = tape.withUTF8(typeNode, EventType.init(utf8:)) ?? nil
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
        var dataBytes: [UInt8] = []
        dataBytes.reserveCapacity(tape.nodes[data.node].end - tape.nodes[data.node].start)
        if case .eventVoided(let v) = payload {
            CanonicalJSON.append(tape: tape, node: data.node, replacing: "eventId", with: v.eventId, to: &dataBytes)
        } else {
            CanonicalJSON.append(tape: tape, node: data.node, to: &dataBytes)
        }
        return IncomingEvent(id: id, type: type, recordedBy: recordedBy, expectedVersion: expectedVersion,
                             dataBytes: dataBytes, payload: payload)
    }

    /// Decodes a stored payload of a known type written under payload `version`, the object at
    /// `node` of `tape` (reading the log back), as the current version; nil when a rule failed,
    /// with the reasons in `sink`.
    public static func payload(_ type: EventType, tape: JSONTape, node: Int, version: Int, sink: ViolationSink) -> Payload? {
        guard tape.nodes.indices.contains(node) else {
            sink.add("data", "json", "no node \(node) on the tape")
            return nil
        }
        guard tape.kind(node) == .object else {
            sink.add("data", "type", "\"data\" must be an object, not \(tape.typeName(node)).")
            return nil
        }
        var reader = TapeFieldReader(tape, node: node, path: "data", sink: sink)
        reader.acceptsSealed = true
        let payload = decodePayload(type, &reader, version: version)
        reader.rejectUnknown()
        return sink.isEmpty ? payload : nil
    }
}
