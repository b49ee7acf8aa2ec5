/// An event as the ledger stores it: the envelope plus `seq`, `stream`, `version` and
/// `recordedAt`, serialised as RFC 8785 canonical JSON (docs/reference.md §3). A record written under
/// payload version N > 1 also carries `"schema": N`; one without it is version 1.
public struct StoredRecord: Sendable, Hashable {
    public var seq: UInt64
    public var stream: String
    public var version: Int64
    public var recordedAt: String
    public var id: String
    public var type: EventType
    public var recordedBy: String
    /// The RFC 8785 bytes of `data`, as they appear in the stored record.
    public var dataBytes: [UInt8]
    /// The payload as its type's current version (upcast when `schema` is earlier).
    public var payload: Payload
    /// The payload version the record was written under (its envelope's `schema`, else 1).
    public var schema: Int

    public init(seq: UInt64, stream: String, version: Int64, recordedAt: String, id: String, type: EventType,
                recordedBy: String, dataBytes: [UInt8], payload: Payload, schema: Int = 1) {
        self.schema = schema
        self.seq = seq
        self.stream = stream
        self.version = version
        self.recordedAt = recordedAt
        self.id = id
        self.type = type
        self.recordedBy = recordedBy
        self.dataBytes = dataBytes
        self.payload = payload
    }

    /// The record's canonical bytes: exactly what is stored and hashed.
    ///
    /// The keys have a fixed RFC 8785 order (data, id, recordedAt, recordedBy, schema when
    /// written, seq, stream, type, version), so only `data` needs sorting.
    public static func canonicalBytes(data: [String: JSONValue], id: String, recordedAt: String, recordedBy: String,
                                      seq: UInt64, stream: String, type: EventType, version: Int64, schema: Int = 1,
                                      into out: inout [UInt8]) {
        out.append(contentsOf: #"{"data":"#.utf8)
        CanonicalJSON.append(.object(data), to: &out)
        appendEnvelope(id: id, recordedAt: recordedAt, recordedBy: recordedBy, schema: schema, seq: seq, stream: stream,
                       type: type, version: version, to: &out)
    }

    /// The record's canonical bytes when the canonical form of `data` is already known
    /// (the append path computes it in parallel, before seqs are assigned).
    public static func canonicalBytes(dataBytes: [UInt8], id: String, recordedAt: String, recordedBy: String,
                                      seq: UInt64, stream: String, type: EventType, version: Int64, schema: Int = 1,
                                      into out: inout [UInt8]) {
        out.append(contentsOf: #"{"data":"#.utf8)
        out.append(contentsOf: dataBytes)
        appendEnvelope(id: id, recordedAt: recordedAt, recordedBy: recordedBy, schema: schema, seq: seq, stream: stream,
                       type: type, version: version, to: &out)
    }

    static func appendEnvelope(id: String, recordedAt: String, recordedBy: String, schema: Int, seq: UInt64, stream: String,
                               type: EventType, version: Int64, to out: inout [UInt8]) {
        // Each piece goes in as one contiguous copy: appending a String's UTF8View is byte by byte.
        func put(_ text: String) { withContiguousUTF8(of: text) { out.append(contentsOf: $0) } }
        put(#","id":""#)
        put(id)
        put(#"","recordedAt":""#)
        put(recordedAt)
        put(#"","recordedBy":"#)
        CanonicalJSON.encodeString(recordedBy, to: &out)
        // Version 1 writes no member, so every record stored before payload versions existed
        // keeps its bytes and leaf.
        if schema > 1 {
            put(#","schema":"#)
            put(String(schema))
        }
        put(#","seq":"#)
        put(String(seq))
        put(#","stream":"#)
        CanonicalJSON.encodeString(stream, to: &out)
        put(#","type":""#)
        put(type.rawValue)
        put(#"","version":"#)
        put(String(version))
        out.append(UInt8(ascii: "}"))
    }

    /// This record's canonical bytes.
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        StoredRecord.canonicalBytes(dataBytes: dataBytes, id: id, recordedAt: recordedAt, recordedBy: recordedBy,
                                    seq: seq, stream: stream, type: type, version: version, schema: schema, into: &out)
        return out
    }

    /// `data` parsed into a dictionary, for the rare paths that edit it.
    public func decodedData() throws(JSONSyntaxError) -> [String: JSONValue] {
        let value = try JSONParser.parse(dataBytes)
        guard case .object(let members) = value else {
            throw JSONSyntaxError(offset: 0, message: "data is \(value.typeName), not an object")
        }
        return members
    }
}
