import Testing
@testable import AlboDomain

/// Reading stored records from the tape against the old way (JSONParser into a dictionary,
/// the dictionary decoder, then `canonicalBytes == bytes`) on valid and tampered records.
@Suite("StoredRecord from the tape")
struct StoredRecordTapeTests {
    /// The old `StoredRecord.parse`, kept as the reference.
    static func referenceRecord(_ bytes: [UInt8]) -> StoredRecord? {
        // Version 1 writes no "schema" member; a later version writes it, as an integer > 1.
        guard case .object(let o)? = try? JSONParser.parse(bytes), o.count == (o["schema"] == nil ? 8 : 9),
              case .object(let data)? = o["data"],
              let id = o["id"]?.stringValue,
              let recordedAt = o["recordedAt"]?.stringValue,
              let recordedBy = o["recordedBy"]?.stringValue,
              let seq = o["seq"]?.integerValue, seq >= 0,
              let stream = o["stream"]?.stringValue,
              let typeName = o["type"]?.stringValue, let type = EventType(rawValue: typeName),
              let version = o["version"]?.integerValue, version >= 1
        else { return nil }
        var schema = 1
        if let member = o["schema"] {
            guard let n = member.integerValue, n > 1, n <= Int64(type.payloadVersion) else { return nil }
            schema = Int(n)
        }
        guard let payload = EventDecoder.payload(type, data, version: schema, sink: ViolationSink(line: 0)) else { return nil }
        return StoredRecord(seq: UInt64(seq), stream: stream, version: version, recordedAt: recordedAt, id: id, type: type,
                            recordedBy: recordedBy, dataBytes: CanonicalJSON.encode(.object(data)), payload: payload, schema: schema)
    }

    /// Canonical records built from the accepted mutations of the schema examples.
    static func records(count: Int) throws -> [[UInt8]] {
        var reader = RecordReader()
        var mutator = EventMutator(seed: 0x5704E)
        let examples = try EventCorpus.examples()
        var out: [[UInt8]] = []
        var round = 0
        while out.count < count && round < count * 50 {
            let bytes = round < examples.count ? examples[round] : mutator.mutate(examples[round % examples.count])
            round += 1
            guard let event = EventCorpus.tapeVerdict(bytes, reader: &reader).event else { continue }
            var record: [UInt8] = []
            let seq = UInt64(out.count) * (out.count % 7 == 0 ? 1_000_003 : 1)
            StoredRecord.canonicalBytes(dataBytes: event.dataBytes, id: event.id, recordedAt: "2024-03-0\(1 + out.count % 9)T10:00:00.000Z",
                                        recordedBy: out.count % 3 == 0 ? event.recordedBy + "/\u{E9}" : event.recordedBy,
                                        seq: seq, stream: event.payload.stream ?? "case:TRE-\(out.count)", type: event.type,
                                        version: Int64(1 + out.count % 5), schema: event.payload.writtenVersion, into: &record)
            out.append(record)
        }
        return out
    }

    /// Rewrites that change the bytes but not the meaning, or the meaning slightly.
    static let tamperings: [(String, String)] = [
        (#""seq":"#, #""seq": "#), (#"{"data":"#, #"{ "data":"#, ), (#""version":1}"#, #""version":1.0}"#),
        (#""version":2}"#, #""version":2e0}"#), (#""version":3}"#, #""version":03}"#), (#""seq":1"#, #""seq":-0"#),
        ("/", #"\/"#), (#""op"#, #""\u006fp"#), (#""case:"#, #""case\u003a"#), ("\u{E9}", #"\u00e9"#), ("\u{E9}", #"\u00E9"#),
        (#""type":"#, #""\u0074ype":"#), (#""id":""#, #""id":"A"#), (#""seq":"#, #""seq":9007199254740993,"x":"#),
        (#","version":"#, #","version":9007199254740993,"v":"#), (#""seq":0"#, #""seq":9007199254740993"#),
        (#""positions":"#, #""positions":1.0,"p":"#), (#""months":"#, #""months":1E1,"m":"#), ("}", " }"), (",", ", "),
    ]

    @Test func validAndTamperedRecords_sameRecordAndVerdictOnForm() throws {
        let records = try Self.records(count: 400)
        #expect(records.count == 400)
        var reader = RecordReader()
        var rewriter = NonCanonicalWriter(rng: SplitMix64(state: 0x8785))
        var mutator = JSONMutator(rng: SplitMix64(state: 0x7A3B))
        var variants = 0
        var canonical = 0
        var failures = 0
        for record in records where failures < 5 {
            let text = String(decoding: record, as: UTF8.self)
            var candidates = [record, mutator.mutate(record), mutator.mutate(record)]
            for (from, to) in Self.tamperings {
                if let range = text.range(of: from) { candidates.append(Array(text.replacingCharacters(in: range, with: to).utf8)) }
            }
            if let value = try? JSONParser.parse(record) {
                rewriter.out = []
                rewriter.write(value)
                candidates.append(rewriter.out)
                // Same length as the canonical bytes, members out of order: only a byte-for-byte check sees it.
                candidates.append(Self.reversed(value, depth: 0))
                candidates.append(Self.reversed(value, depth: 1))
            }
            for bytes in candidates {
                variants += 1
                let expected = Self.referenceRecord(bytes)
                let expectedCanonical = expected.map { $0.canonicalBytes == bytes } ?? false
                let got = bytes.withUnsafeBytes { try? reader.recordAndForm($0) }
                let plain = try? StoredRecord.parse(bytes)
                let strict = bytes.withUnsafeBytes { try? StoredRecord.parse($0, requireCanonical: true) }
                let isCanonical = bytes.withUnsafeBytes { StoredRecord.isCanonical($0) }
                if expectedCanonical { canonical += 1 }
                let agree = got?.record == expected && plain == expected && (got?.isCanonical ?? false) == expectedCanonical
                    && isCanonical == expectedCanonical && (strict != nil) == expectedCanonical
                if !agree {
                    failures += 1
                    Issue.record("""
                        \(String(decoding: bytes, as: UTF8.self))
                        reference: \(expected.map { "\($0.id) \($0.seq)" } ?? "unreadable"), canonical \(expectedCanonical)
                        tape:      \(got.map { "\($0.record.id) \($0.record.seq)" } ?? "unreadable"), canonical \(got?.isCanonical ?? false), same record \(got?.record == expected)
                        """)
                }
            }
        }
        #expect(canonical >= records.count && canonical < variants / 2, "\(canonical) canonical of \(variants) variants")
    }

    /// Canonical JSON except that the members of the objects at `depth` are in reverse order.
    static func reversed(_ value: JSONValue, depth: Int) -> [UInt8] {
        guard case .object(let members) = value else { return CanonicalJSON.encode(value) }
        var keys = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
        if depth == 0 { keys.reverse() }
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (position, key) in keys.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            CanonicalJSON.encodeString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            out += depth == 0 ? CanonicalJSON.encode(members[key] ?? .null) : reversed(members[key] ?? .null, depth: depth - 1)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    @Test func canonicalRecord_dataBytesAreTheStoredSlice() throws {
        for bytes in try Self.records(count: 50) {
            let record = try StoredRecord.parse(bytes, requireCanonical: true)
            let prefix = Array(#"{"data":"#.utf8)
            #expect(Array(bytes[prefix.count..<(prefix.count + record.dataBytes.count)]) == record.dataBytes)
            #expect(record.canonicalBytes == bytes)
        }
    }

    @Test func notCanonical_isItsOwnErrorCode() throws {
        let bytes = try #require(try Self.records(count: 1).first)
        let spaced = Array(#"{ "#.utf8) + bytes.dropFirst()
        #expect(throws: Never.self) { try StoredRecord.parse(spaced) }
        do {
            _ = try spaced.withUnsafeBytes { try StoredRecord.parse($0, requireCanonical: true) }
            Issue.record("a record with a space was taken as canonical")
        } catch let error as StoredRecord.FormatError {
            #expect(error.code == .notCanonical)
        }
        do {
            _ = try StoredRecord.parse(Array("[]".utf8))
            Issue.record("an array was read as a record")
        } catch let error as StoredRecord.FormatError {
            #expect(error.code == .notARecord)
        }
    }
}
