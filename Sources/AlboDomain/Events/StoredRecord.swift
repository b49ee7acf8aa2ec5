/// An event as the ledger stores it: the envelope plus `seq`, `stream`, `version` and
/// `recordedAt`, serialised as RFC 8785 canonical JSON (CONTRACT §3).
public struct StoredRecord: Sendable, Hashable {
    public var seq: UInt64
    public var stream: String
    public var version: Int64
    public var recordedAt: String
    public var id: String
    public var type: EventType
    public var recordedBy: String
    public var data: [String: JSONValue]
    public var payload: Payload

    /// The record's canonical bytes: exactly what is stored and hashed.
    ///
    /// The eight keys have a fixed RFC 8785 order (data, id, recordedAt, recordedBy,
    /// seq, stream, type, version), so only `data` needs sorting.
    public static func canonicalBytes(data: [String: JSONValue], id: String, recordedAt: String, recordedBy: String,
                                      seq: UInt64, stream: String, type: EventType, version: Int64,
                                      into out: inout [UInt8]) {
        out.append(contentsOf: #"{"data":"#.utf8)
        CanonicalJSON.append(.object(data), to: &out)
        appendEnvelope(id: id, recordedAt: recordedAt, recordedBy: recordedBy, seq: seq, stream: stream, type: type, version: version, to: &out)
    }

    /// The record's canonical bytes when the canonical form of `data` is already known
    /// (the append path computes it in parallel, before seqs are assigned).
    public static func canonicalBytes(dataBytes: [UInt8], id: String, recordedAt: String, recordedBy: String,
                                      seq: UInt64, stream: String, type: EventType, version: Int64,
                                      into out: inout [UInt8]) {
        out.append(contentsOf: #"{"data":"#.utf8)
        out.append(contentsOf: dataBytes)
        appendEnvelope(id: id, recordedAt: recordedAt, recordedBy: recordedBy, seq: seq, stream: stream, type: type, version: version, to: &out)
    }

    private static func appendEnvelope(id: String, recordedAt: String, recordedBy: String, seq: UInt64, stream: String,
                                       type: EventType, version: Int64, to out: inout [UInt8]) {
        out.append(contentsOf: #","id":""#.utf8)
        out.append(contentsOf: id.utf8)
        out.append(contentsOf: #"","recordedAt":""#.utf8)
        out.append(contentsOf: recordedAt.utf8)
        out.append(contentsOf: #"","recordedBy":"#.utf8)
        CanonicalJSON.encodeString(recordedBy, to: &out)
        out.append(contentsOf: #","seq":"#.utf8)
        out.append(contentsOf: String(seq).utf8)
        out.append(contentsOf: #","stream":"#.utf8)
        CanonicalJSON.encodeString(stream, to: &out)
        out.append(contentsOf: #","type":""#.utf8)
        out.append(contentsOf: type.rawValue.utf8)
        out.append(contentsOf: #"","version":"#.utf8)
        out.append(contentsOf: String(version).utf8)
        out.append(UInt8(ascii: "}"))
    }

    /// This record's canonical bytes.
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        StoredRecord.canonicalBytes(data: data, id: id, recordedAt: recordedAt, recordedBy: recordedBy,
                                    seq: seq, stream: stream, type: type, version: version, into: &out)
        return out
    }

    /// Why stored bytes could not be read back as a record.
    public struct FormatError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Reads a stored record back (it does not check that the bytes are canonical;
    /// compare with `canonicalBytes` for that).
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws -> StoredRecord {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw FormatError(message: "not JSON: \(error)") }
        guard case .object(let o) = value, o.count == 8,
              case .object(let data)? = o["data"],
              let id = o["id"]?.stringValue,
              let recordedAt = o["recordedAt"]?.stringValue,
              let recordedBy = o["recordedBy"]?.stringValue,
              let seq = o["seq"]?.integerValue, seq >= 0,
              let stream = o["stream"]?.stringValue,
              let typeName = o["type"]?.stringValue, let type = EventType(rawValue: typeName),
              let version = o["version"]?.integerValue, version >= 1
        else { throw FormatError(message: "not a stored record: the eight fields data, id, recordedAt, recordedBy, seq, stream, type, version are expected") }
        let sink = ViolationSink(line: 0)
        guard let payload = EventDecoder.payload(type, data, sink: sink) else {
            throw FormatError(message: "stored payload breaks the rules: \(sink.items.map(\.description).joined(separator: "; "))")
        }
        return StoredRecord(seq: UInt64(seq), stream: stream, version: version, recordedAt: recordedAt, id: id,
                            type: type, recordedBy: recordedBy, data: data, payload: payload)
    }

    /// Reads a stored record back from a byte array.
    public static func parse(_ bytes: [UInt8]) throws -> StoredRecord {
        try bytes.withUnsafeBytes { try parse($0) }
    }
}
