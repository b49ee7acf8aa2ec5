/// Reads stored records and input lines one after another through buffers it keeps: a loop
/// over a million records allocates nothing per record but the record's own strings and
/// `dataBytes` (about six mallocs per synthetic record, measured with a uprobe on malloc;
/// the tape parse and the form check make none). Not `Sendable`: make one per worker.
public struct RecordReader {
    /// The tape of the last text read.
    public private(set) var tape = JSONTape()
    /// The canonical bytes of the last record read, re-encoded from the tape.
    private var canonical: [UInt8] = []
    private let sink = ViolationSink(line: 0)

    public init() {}

    // MARK: - Input lines

    /// Parses one input line and decodes it with ``EventDecoder/decode(tape:sink:)``.
    public mutating func event(_ bytes: UnsafeRawBufferPointer, sink: ViolationSink) throws(JSONSyntaxError) -> IncomingEvent? {
        try tape.parse(bytes)
        return EventDecoder.decode(tape: tape, sink: sink)
    }

    // MARK: - Stored records

    /// Reads a stored record, without checking its form; `dataBytes` are the canonical bytes
    /// of its `data` whatever the input's form.
    public mutating func record(_ bytes: UnsafeRawBufferPointer) throws(StoredRecord.FormatError) -> StoredRecord {
        try read(bytes, checkForm: false).record
    }

    /// Reads a stored record and tells whether `bytes` are exactly its canonical form.
    ///
    /// The check re-encodes the record from the tape — `{"data":` + the RFC 8785 bytes of `data`
    /// + the envelope as ``StoredRecord/canonicalBytes(dataBytes:id:recordedAt:recordedBy:seq:stream:type:version:into:)``
    /// writes it — into a buffer kept between calls, and compares byte for byte. That is the very
    /// test `parse(bytes).canonicalBytes == bytes` with the same values and the same writers, so
    /// it is exactly as strong; what it saves is the dictionary, not a step of the proof. (A
    /// one-pass "is this canonical?" scan would have to re-derive every RFC 8785 rule — key order
    /// by UTF-16, escapes, ECMAScript number layout — and be proven equal to the writer; the
    /// re-encode is the writer.)
    public mutating func recordAndForm(_ bytes: UnsafeRawBufferPointer) throws(StoredRecord.FormatError)
        -> (record: StoredRecord, isCanonical: Bool) {
        try read(bytes, checkForm: true)
    }

    /// Whether `bytes` are a stored record in exactly its canonical form.
    public mutating func isCanonical(_ bytes: UnsafeRawBufferPointer) -> Bool {
        (try? read(bytes, checkForm: true).isCanonical) ?? false
    }

    private mutating func read(_ bytes: UnsafeRawBufferPointer, checkForm: Bool) throws(StoredRecord.FormatError)
        -> (record: StoredRecord, isCanonical: Bool) {
        do { try tape.parse(bytes) } catch { throw StoredRecord.FormatError(message: "not JSON: \(error)") }
        guard let envelope = Envelope(tape),
              let id = tape.string(envelope.id),
              let recordedAt = tape.string(envelope.recordedAt),
              let recordedBy = tape.string(envelope.recordedBy),
              let seq = tape.integer(envelope.seq), seq >= 0,
              let stream = tape.string(envelope.stream),
              let type = tape.withUTF8(envelope.type, EventType.init(utf8:)) ?? nil,
              let version = tape.integer(envelope.version), version >= 1
        else {
            throw StoredRecord.FormatError(message: "not a stored record: the eight fields data, id, recordedAt, recordedBy, seq, stream, type, version (and schema, for a payload version after 1) are expected")
        }
        var schema = 1
        if envelope.schema >= 0 {
            // Version 1 is written without the member, so "schema": 1 is no record Albo wrote.
            guard let n = tape.integer(envelope.schema), n >= 2 else {
                throw StoredRecord.FormatError(message: "not a stored record: \"schema\" must be a payload version from 2 (version 1 is written without it)")
            }
            guard n <= Int64(type.payloadVersion) else {
                throw StoredRecord.FormatError(message: "\(type.rawValue) payload version \(n) was written by a newer albo; this one reads up to version \(type.payloadVersion): upgrade albo")
            }
            schema = Int(n)
        }
        let data = envelope.data
        sink.reset()
        guard let payload = EventDecoder.payload(type, tape: tape, node: data, version: schema, sink: sink) else {
            throw StoredRecord.FormatError(message: "stored payload breaks the rules: \(sink.items.map(\.description).joined(separator: "; "))")
        }
        canonical.removeAll(keepingCapacity: true)
        canonical.append(contentsOf: #"{"data":"#.utf8)
        let dataStart = canonical.count
        CanonicalJSON.append(tape: tape, node: data, to: &canonical)
        let dataBytes = Array(canonical[dataStart...])
        var isCanonical = false
        if checkForm {
            StoredRecord.appendEnvelope(id: id, recordedAt: recordedAt, recordedBy: recordedBy, schema: schema, seq: UInt64(seq),
                                        stream: stream, type: type, version: version, to: &canonical)
            isCanonical = canonical.withUnsafeBufferPointer { ours in
                tape.bytes.withUnsafeBufferPointer { stored in JSONWord.equal(ours, stored) }
            }
        }
        let record = StoredRecord(seq: UInt64(seq), stream: stream, version: version, recordedAt: recordedAt, id: id,
                                  type: type, recordedBy: recordedBy, dataBytes: dataBytes, payload: payload, schema: schema)
        return (record, isCanonical)
    }

    /// The value nodes of a stored record's eight members (nine with `schema`), found in one pass over them.
    private struct Envelope {
        var data = -1, id = -1, recordedAt = -1, recordedBy = -1, seq = -1, stream = -1, type = -1, version = -1
        /// -1 when the record has no `schema` member (payload version 1).
        var schema = -1

        /// nil unless the root is an object of exactly the eight members, or those and
        /// `schema`, `data` an object.
        init?(_ tape: JSONTape) {
            guard tape.kind(tape.root) == .object else { return nil }
            let count = tape.count(tape.root)
            guard count == 8 || count == 9 else { return nil }
            for (key, value) in tape.members(of: tape.root) {
                // Keys are distinct once unescaped (the parser refuses duplicates), so known
                // keys are the fields, each once.
                guard tape.withUTF8(key, { assign(value, toFieldNamed: $0) }) == true else { return nil }
            }
            guard count == 8 || schema >= 0 else { return nil }
            guard tape.kind(data) == .object else { return nil }
        }

        private mutating func assign(_ value: Int, toFieldNamed name: UnsafeBufferPointer<UInt8>) -> Bool {
            func named(_ literal: StaticString) -> Bool {
                JSONWord.equal(name, UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
            }
            switch name.count {
            case 2 where named("id"): id = value
            case 3 where named("seq"): seq = value
            case 4 where named("data"): data = value
            case 4 where named("type"): type = value
            case 6 where named("stream"): stream = value
            case 6 where named("schema"): schema = value
            case 7 where named("version"): version = value
            case 10 where named("recordedAt"): recordedAt = value
            case 10 where named("recordedBy"): recordedBy = value
            default: return false
            }
            return true
        }
    }
}
