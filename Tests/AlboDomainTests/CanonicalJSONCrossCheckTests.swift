import AlboTestSupport
import Foundation
import Testing
import AlboDomain

/// Compares Albo's canonical bytes with an independent RFC 8785 implementation, the Python
/// package `rfc8785`, driven by Tools/jcs_canonicalize.py over a generated corpus.
@Suite("CanonicalJSON cross-check")
struct CanonicalJSONCrossCheckTests {
    static let corpusSize = 2_500

    @Test func canonicalBytes_matchPythonRFC8785_lineByLine() throws {
        let events = JSONTestCorpus.events(count: Self.corpusSize, seed: 0xA1B0_2024)
        var writer = NonCanonicalWriter(rng: SplitMix64(state: 8785))
        for event in events {
            writer.write(event)
            writer.out.append(0x0A)
        }
        let inputLines = writer.out.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        try #require(inputLines.count == events.count)

        let expectedLines = try canonicalizeWithPython(writer.out)
        try #require(expectedLines.count == events.count, "jcs_canonicalize.py wrote \(expectedLines.count) lines for \(events.count)")

        var failures = 0
        var tape = JSONTape()
        for (number, (line, expected)) in zip(inputLines, expectedLines).enumerated() where failures < 5 {
            let parsed = try JSONParser.parse(line)
            let ours = CanonicalJSON.encode(parsed)
            let back = try JSONParser.parse(ours)
            try tape.parse(line)
            let fromTape = CanonicalJSON.encode(tape: tape)
            let problems = [
                JSONStructure.same(parsed, events[number], strictNumbers: true) ? nil : "parse(line) differs from the generated value",
                ours == Array(expected) ? nil : "ours:   \(String(decoding: ours, as: UTF8.self))\npython: \(String(decoding: expected, as: UTF8.self))",
                fromTape == Array(expected) ? nil : "tape:   \(String(decoding: fromTape, as: UTF8.self))\npython: \(String(decoding: expected, as: UTF8.self))",
                JSONStructure.same(back, parsed, strictNumbers: false) ? nil : "parse(encode(v)) differs from v",
            ].compactMap { $0 }
            if !problems.isEmpty {
                failures += 1
                Issue.record("line \(number + 1): \(problems.joined(separator: "\n"))\ninput:  \(String(decoding: line, as: UTF8.self))")
            }
        }
    }

    /// Stored records as RecordReader and `canonicalBytes` write them (envelope and tape-written
    /// `data`) must already be in the form Python's rfc8785 gives them.
    @Test func storedRecords_areTheirOwnPythonRFC8785Form() throws {
        let records = try StoredRecordTapeTests.records(count: 600)
        try #require(records.count == 600)
        let expected = try canonicalizeWithPython(records.flatMap { $0 + [0x0A] })
        try #require(expected.count == records.count)
        var failures = 0
        for (record, python) in zip(records, expected) where record != Array(python) && failures < 5 {
            failures += 1
            Issue.record("ours:   \(String(decoding: record, as: UTF8.self))\npython: \(String(decoding: python, as: UTF8.self))")
        }
    }

    /// Runs the Python tool; fails (never skips) when python3 or its rfc8785 package is missing.
    private func canonicalizeWithPython(_ ndjson: [UInt8]) throws -> [ArraySlice<UInt8>] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("albo-jcs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.ndjson")
        let output = directory.appendingPathComponent("out.ndjson")
        try Data(ndjson).write(to: input)

        let script = Paths.tool("jcs_canonicalize.py")
        let run = try Subprocess.python([script, input.path, output.path])
        try #require(
            run.code == 0,
            """
            the RFC 8785 cross-check needs \(Paths.python) with the rfc8785 package \
            (bash Tools/install-deps.sh puts it in .venv); \(script) exited \(run.code): \(run.stderr)
            """)
        let canonical = try [UInt8](Data(contentsOf: output))
        return Array(canonical.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast())
    }
}

/// Structural equality that, unlike `==` on `String`, tells canonically equivalent but
/// different strings apart ("é" vs "e\u{301}"), so a normalising bug cannot hide.
enum JSONStructure {
    /// With `strictNumbers` false, `.integer(100)` and `.number(100)` count as the same, since
    /// canonical JSON writes both as `100`.
    static func same(_ a: JSONValue, _ b: JSONValue, strictNumbers: Bool) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.integer(x), .integer(y)): return x == y
        case let (.number(x), .number(y)): return strictNumbers ? x.bitPattern == y.bitPattern : x == y
        case let (.integer(x), .number(y)), let (.number(y), .integer(x)): return !strictNumbers && Double(x) == y
        case let (.string(x), .string(y)): return x.utf8.elementsEqual(y.utf8)
        case let (.array(x), .array(y)):
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1, strictNumbers: strictNumbers) }
        case let (.object(x), .object(y)):
            let byBytes: ((key: String, value: JSONValue), (key: String, value: JSONValue)) -> Bool = {
                $0.key.utf8.lexicographicallyPrecedes($1.key.utf8)
            }
            let xs = x.sorted(by: byBytes)
            let ys = y.sorted(by: byBytes)
            return xs.count == ys.count && zip(xs, ys).allSatisfy {
                $0.key.utf8.elementsEqual($1.key.utf8) && same($0.value, $1.value, strictNumbers: strictNumbers)
            }
        default: return false
        }
    }
}
