import AlboDomain
import Foundation

/// Per-record cost of reading records and input lines: the dictionary path (JSONParser,
/// the dictionary decoder, CanonicalJSON) against the tape (JSONTape, RecordReader).
enum ParseBench {
    /// Runs `body` over `items` `rounds` times and returns the best ns per item.
    static func measure<T>(_ items: [T], rounds: Int = 3, _ body: @escaping (T) throws -> Int) throws -> Double {
        try compare(items, rounds: rounds, [body])[0]
    }

    /// Runs every body over `items`, interleaved block by block so that a change in the
    /// machine's load (other builds share the cores) hits all of them alike; returns for each
    /// the best total over `rounds`, in ns per item.
    static func compare<T>(_ items: [T], rounds: Int = 5, _ bodies: [(T) throws -> Int]) throws -> [Double] {
        let block = 2_000
        var best = [Double](repeating: .infinity, count: bodies.count)
        var sink = 0
        for _ in 0..<rounds {
            var totals = [UInt64](repeating: 0, count: bodies.count)
            for start in stride(from: 0, to: items.count, by: block) {
                let slice = items[start..<min(items.count, start + block)]
                for (index, body) in bodies.enumerated() {
                    let t = now()
                    for item in slice { sink &+= try body(item) }
                    totals[index] += now() - t
                }
            }
            for index in bodies.indices { best[index] = min(best[index], Double(totals[index]) / Double(max(1, items.count))) }
        }
        if sink == 42 { print("") }  // keeps the work observable
        return best
    }

    static func row(_ label: String, _ ns: Double, baseline: Double? = nil) {
        let ratio = baseline.map { String(format: "   %.1f× faster than the old path", $0 / ns) } ?? ""
        print("  " + label.padding(toLength: 60, withPad: " ", startingAt: 0) + String(format: "%8.0f ns/record", ns) + ratio)
    }

    /// The old `StoredRecord.parse` plus `canonicalBytes == bytes`, as verify did it.
    static func oldRecordAndForm(_ bytes: [UInt8]) throws -> Bool {
        guard case .object(let o) = try JSONParser.parse(bytes), case .object(let data)? = o["data"],
              let id = o["id"]?.stringValue, let recordedAt = o["recordedAt"]?.stringValue,
              let recordedBy = o["recordedBy"]?.stringValue, let seq = o["seq"]?.integerValue,
              let stream = o["stream"]?.stringValue, let type = o["type"]?.stringValue.flatMap(EventType.init(rawValue:)),
              let version = o["version"]?.integerValue,
              EventDecoder.payload(type, data, version: 1, sink: ViolationSink(line: 0)) != nil
        else { return false }
        var out: [UInt8] = []
        StoredRecord.canonicalBytes(data: data, id: id, recordedAt: recordedAt, recordedBy: recordedBy, seq: UInt64(seq),
                                    stream: stream, type: type, version: version, into: &out)
        return out == bytes
    }

    /// Stored records (canonical RFC 8785 bytes).
    static func records(_ records: [[UInt8]]) throws {
        print("\(records.count) stored records, \(records.reduce(0) { $0 + $1.count } / max(1, records.count)) bytes on average")
        let values = try records.map { try JSONParser.parse($0) }
        let encode = try measure(values) { CanonicalJSON.encode($0).count }
        var tape = JSONTape()
        var buffer: [UInt8] = []
        var reader = RecordReader()
        let ns = try compare(records, [
            { r in if case .object(let o) = try JSONParser.parse(r) { o.count } else { 0 } },
            { r in try oldRecordAndForm(r) ? 1 : 0 },
            { r in try tape.parse(r); return tape.nodes.count },
            { r in
                try tape.parse(r)
                buffer.removeAll(keepingCapacity: true)
                CanonicalJSON.append(tape: tape, node: tape.root, to: &buffer)
                return buffer == r ? 1 : 0
            },
            { r in try r.withUnsafeBytes { try reader.recordAndForm($0).isCanonical ? 1 : 0 } },
            { r in try r.withUnsafeBytes { Int(try reader.record($0).seq) } },
        ])
        print("old (JSONParser → [String: JSONValue] → CanonicalJSON):")
        row("JSONParser.parse", ns[0])
        row("CanonicalJSON.encode(value) (measured apart)", encode)
        row("parse + payload decode + canonicalBytes == bytes (verify)", ns[1])
        print("new (JSONTape, RecordReader reused):")
        row("JSONTape.parse", ns[2], baseline: ns[0])
        row("tape parse + canonical re-encode + compare (form only)", ns[3], baseline: ns[0] + encode)
        row("RecordReader.recordAndForm (parse + payload + form)", ns[4], baseline: ns[1])
        row("RecordReader.record (parse + payload, no form check)", ns[5])
    }

    /// Stored records made from input lines as append makes them (seq, stream, version added),
    /// for measuring without a store.
    static func storedRecords(from lines: [[UInt8]]) -> [[UInt8]] {
        var reader = RecordReader()
        var versions: [String: Int64] = [:]
        var out: [[UInt8]] = []
        for line in lines {
            guard let event = line.withUnsafeBytes({ (try? reader.event($0, sink: ViolationSink(line: 1))) ?? nil }) else { continue }
            let stream = event.payload.stream ?? "case:voided"
            let version = (versions[stream] ?? 0) + 1
            versions[stream] = version
            var record: [UInt8] = []
            StoredRecord.canonicalBytes(dataBytes: event.dataBytes, id: event.id, recordedAt: "2026-11-27T14:00:00.000Z",
                                        recordedBy: event.recordedBy, seq: UInt64(out.count), stream: stream, type: event.type,
                                        version: version, into: &record)
            out.append(record)
        }
        return out
    }

    /// Input lines (NDJSON, not canonical).
    static func lines(_ lines: [[UInt8]]) throws {
        print("\(lines.count) input lines, \(lines.reduce(0) { $0 + $1.count } / max(1, lines.count)) bytes on average")
        var reader = RecordReader()
        let ns = try compare(lines, [
            { l in
                guard let value = try? JSONParser.parse(l) else { return 0 }
                return EventDecoder.decode(value, sink: ViolationSink(line: 1))?.dataBytes.count ?? 0
            },
            { l in l.withUnsafeBytes { (try? reader.event($0, sink: ViolationSink(line: 1)))??.dataBytes.count ?? 0 } },
        ])
        row("old: JSONParser + EventDecoder.decode(value) + dataBytes", ns[0])
        row("new: RecordReader.event (tape + decode(tape:) + dataBytes)", ns[1], baseline: ns[0])
    }
}
