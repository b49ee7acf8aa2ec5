import AlboTestSupport
import Foundation
@testable import AlboDomain

/// Events to decode: the schema examples (valid, invalid and cross-field), and mutations of
/// them that break one rule or several.
enum EventCorpus {
    /// The example files of Schemas/examples, as bytes.
    static func examples() throws -> [[UInt8]] {
        let root = Paths.packageRoot.appendingPathComponent("Schemas/examples")
        var out: [[UInt8]] = []
        for folder in ["valid", "invalid", "semantic"] {
            let dir = root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".json") {
                out.append(try Array(Data(contentsOf: dir.appendingPathComponent(name))))
            }
        }
        return out
    }

    /// What the two decoders say about one input line, as LineDecoder reports it.
    struct Verdict: Equatable, CustomStringConvertible {
        var event: IncomingEvent?
        var violations: [Violation]
        var eventId: String?

        var description: String {
            "event: \(event.map { "\($0.type) \(String(decoding: $0.dataBytes, as: UTF8.self))" } ?? "none"), eventId \(eventId ?? "-")\n"
                + violations.map { "    \($0)" }.joined(separator: "\n")
        }
    }

    /// The reference: JSONParser, then the dictionary decoder.
    static func referenceVerdict(_ bytes: [UInt8]) -> Verdict {
        let sink = ViolationSink(line: 3)
        var event: IncomingEvent?
        do {
            event = EventDecoder.decode(try JSONParser.parse(bytes), sink: sink)
        } catch {
            sink.add("", "json", "not valid JSON: \(error)")
        }
        return Verdict(event: event, violations: sink.items, eventId: sink.eventId)
    }

    /// The tape path, through a reader reused from line to line.
    static func tapeVerdict(_ bytes: [UInt8], reader: inout RecordReader) -> Verdict {
        let sink = ViolationSink(line: 3)
        var event: IncomingEvent?
        do {
            event = try bytes.withUnsafeBytes { raw in
                try Result { () throws(JSONSyntaxError) in try reader.event(raw, sink: sink) }.get()
            }
        } catch {
            sink.add("", "json", "not valid JSON: \(error)")
        }
        return Verdict(event: event, violations: sink.items, eventId: sink.eventId)
    }
}

/// Changes an event's JSON value the way a careless writer would: fields dropped, added,
/// nulled, retyped, too long, out of range, misspelt; then writes it non-canonically.
struct EventMutator {
    var rng: SplitMix64
    var writer: NonCanonicalWriter

    init(seed: UInt64) {
        rng = SplitMix64(state: seed)
        writer = NonCanonicalWriter(rng: SplitMix64(state: seed ^ 0x5EED))
    }

    static let replacements: [JSONValue] = [
        .null, .bool(true), .integer(0), .integer(-1), .integer(1), .integer(48), .integer(49), .integer(1201),
        .integer(100_001), .integer(9_007_199_254_740_993), .number(1.0), .number(2.5), .string(""), .string("   "),
        .string("a\tb"), .string("x\u{7F}"), .string("\u{2028}"), .string(String(repeating: "x", count: 65)),
        .string(String(repeating: "\u{E9}", count: 201)), .string(String(repeating: "y", count: 501)), .string("\u{E9}t\u{E9}"),
        .string("e\u{301}"), .string("2023-02-29"), .string("2024-02-29"), .string("2023-13-01"), .string("RSSMRA80A01H501U"),
        .string("TRE-2023-0001"), .string("conv-trecate-2022"), .string("3F0E8C1A-5B7D-4C2E-9A61-0D4B2F1E7C3A"),
        .string("not-a-uuid"), .string("fixed-term"), .string("permanent"), .string("disability"), .string("placed"),
        .string("Comune di Trecate"), .array([]), .array([.string("a"), .string("a")]), .array([.string("a"), .integer(1)]),
        .array([.string("permanent"), .string("fixed-term")]), .array([.string("A"), .string("B"), .string("C")]),
        .object([:]), .object(["disability": .integer(100)]), .object(["operator": .string("x")]),
    ]

    static let extraKeys = ["extra", "caseid", "Id", "\u{E9}", "months", "lead", "validTo", "expectedVersion", "eventId"]

    mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        guard case .object(var envelope)? = try? JSONParser.parse(bytes) else { return bytes }
        // A third are only rewritten (members shuffled, keys and strings escaped): still valid.
        let changes = rng.chance(33) ? 0 : 1 + rng.below(3)
        for _ in 0..<changes {
            if rng.chance(30) || envelope["data"]?.objectValue == nil {
                mutate(&envelope)
            } else if var data = envelope["data"]?.objectValue {
                let nested = data.keys.filter { data[$0]?.objectValue != nil }.sorted()
                if let key = nested.isEmpty || rng.chance(60) ? nil : rng.pick(nested), var inner = data[key]?.objectValue {
                    mutate(&inner)
                    data[key] = .object(inner)
                } else {
                    mutate(&data)
                }
                envelope["data"] = .object(data)
            }
        }
        writer.out = []
        writer.write(.object(envelope))
        return writer.out
    }

    private mutating func mutate(_ object: inout [String: JSONValue]) {
        let keys = object.keys.sorted()
        switch rng.below(5) {
        case 0 where !keys.isEmpty: object[rng.pick(keys)] = nil
        case 1: object[rng.pick(Self.extraKeys)] = rng.pick(Self.replacements)
        case 2 where object["type"] != nil: object["type"] = .string(rng.pick(EventType.allCases).rawValue)
        default:
            if !keys.isEmpty { object[rng.pick(keys)] = rng.pick(Self.replacements) }
        }
    }
}
