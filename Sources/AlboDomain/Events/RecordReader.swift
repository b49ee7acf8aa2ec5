/// Reads stored records and input lines one after another through buffers it keeps: a loop
/// over a million records allocates nothing per record but the record's own strings and
/// `dataBytes`. One per thread; it is a value, so each worker owns its copy.
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
        let root = tape.root
        guard tape.kind(root) == .object, tape.count(root) == 8,
              let data = tape.member("data", in: root), tape.kind(data) == .object,
              let id = tape.member("id", in: root).flatMap(tape.string),
              let recordedAt = tape.member("recordedAt", in: root).flatMap(tape.string),
              let recordedBy = tape.member("recordedBy", in: root).flatMap(tape.string),
              let seq = tape.member("seq", in: root).flatMap(tape.integer), seq >= 0,
              let stream = tape.member("stream", in: root).flatMap(tape.string),
              let typeName = tape.member("type", in: root).flatMap(tape.string), let type = EventType(rawValue: typeName),
              let version = tape.member("version", in: root).flatMap(tape.integer), version >= 1
        else {
            throw StoredRecord.FormatError(message: "not a stored record: the eight fields data, id, recordedAt, recordedBy, seq, stream, type, version are expected")
        }
        sink.reset()
        guard let payload = EventDecoder.payload(type, tape: tape, node: data, sink: sink) else {
            throw StoredRecord.FormatError(message: "stored payload breaks the rules: \(sink.items.map(\.description).joined(separator: "; "))")
        }
        canonical.removeAll(keepingCapacity: true)
        canonical.append(contentsOf: #"{"data":"#.utf8)
        let dataStart = canonical.count
        CanonicalJSON.append(tape: tape, node: data, to: &canonical)
        let dataBytes = Array(canonical[dataStart...])
        var isCanonical = false
        if checkForm {
            StoredRecord.appendEnvelope(id: id, recordedAt: recordedAt, recordedBy: recordedBy, seq: UInt64(seq),
                                        stream: stream, type: type, version: version, to: &canonical)
            isCanonical = canonical == tape.bytes
        }
        let record = StoredRecord(seq: UInt64(seq), stream: stream, version: version, recordedAt: recordedAt, id: id,
                                  type: type, recordedBy: recordedBy, dataBytes: dataBytes, payload: payload)
        return (record, isCanonical)
    }
}
