public import AlboDomain
@_spi(Writing) public import AlboLog
import Foundation

/// A fresh store in a temporary directory, removed when the test ends. Each test target
/// adds what it needs (projection views, database dumps) in an extension.
public final class TempStore {
    public let path: String
    public let ledger: Ledger

    /// An unsealed store unless `sealed` (as `albo append` creates them).
    public init(origin: String? = nil, sealed: Bool = false) throws {
        path = NSTemporaryDirectory() + "albo-store-" + UUID().uuidString
        ledger = try Ledger(path: path, create: true, origin: origin, sealed: sealed)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Appends NDJSON lines as one batch.
    @discardableResult
    public func append(_ lines: [String]) throws -> AppendSummary {
        try ledger.writer().append(BatchInput(bytes: Array(lines.joined(separator: "\n").utf8)))
    }

    /// The violations a batch is rejected with (empty if it was accepted).
    public func rejections(_ lines: [String]) throws -> [Violation] {
        do {
            try append(lines)
            return []
        } catch let r as AppendRejected {
            return r.violations
        }
    }

    /// The stored record at `seq`.
    public func record(_ seq: UInt64) throws -> StoredRecord {
        try ledger.reader.read { log in try log.record(seq: seq) }
    }
}

/// Builds event lines with deterministic ids; each test target adds its own event helpers
/// (with the defaults its scenarios need) in an extension.
public struct EventFactory {
    private var counter: UInt64 = 0

    public init() {}

    /// The next id: 00000000-0000-4000-8000-000000000001, …002, …
    public mutating func nextId() -> String {
        counter += 1
        let hex = String(counter, radix: 16)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - hex.count) + hex
    }

    /// One NDJSON line: the envelope around `data`, with a fresh id unless one is given.
    public mutating func line(_ type: String, _ data: [String: JSONValue], id: String? = nil, by: String = "op-test-01",
                              expectedVersion: Int64? = nil) -> String {
        var o: [String: JSONValue] = ["id": .string(id ?? nextId()), "type": .string(type), "recordedBy": .string(by), "data": .object(data)]
        if let expectedVersion { o["expectedVersion"] = .integer(expectedVersion) }
        return String(decoding: CanonicalJSON.encode(.object(o)), as: UTF8.self)
    }
}
