import AlboDomain
import AlboLog
import Foundation
import LMDB

/// A fresh store in a temporary directory, removed when the test ends.
final class TempStore {
    let path: String
    let ledger: Ledger

    init(origin: String? = nil) throws {
        path = NSTemporaryDirectory() + "albo-test-" + UUID().uuidString
        ledger = try Ledger(path: path, create: true, origin: origin)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Appends NDJSON lines as one batch.
    @discardableResult
    func append(_ lines: [String]) throws -> AppendSummary {
        try ledger.append(BatchInput(bytes: Array(lines.joined(separator: "\n").utf8)))
    }

    /// The violations a batch is rejected with (empty if it was accepted).
    func rejections(_ lines: [String]) throws -> [Violation] {
        do {
            try append(lines)
            return []
        } catch let r as AppendRejected {
            return r.violations
        }
    }

    /// SHA-256-free fingerprint of every key and value of every database in the store.
    func contentDump() throws -> [String: [[UInt8]]] {
        var out: [String: [[UInt8]]] = [:]
        try ledger.env.read { txn in
            for name in ["events", "tree", "ids", "streams", "facts", "voids", "meta"] {
                let db = try txn.open(name, create: false)
                var rows: [[UInt8]] = []
                try txn.withCursor(db) { c in
                    var e = try c.first()
                    while let entry = e {
                        rows.append(Array(entry.key) + [0xFF] + Array(entry.value))
                        e = try c.next()
                    }
                }
                out[name] = rows
            }
        }
        return out
    }

    func record(_ seq: UInt64) throws -> StoredRecord {
        try ledger.env.read { txn in
            guard let raw = try ledger.recordBytes(txn, seq: seq) else { throw LedgerCorruption(message: "no seq \(seq)") }
            return try StoredRecord.parse(raw)
        }
    }
}

/// Builds event lines; every event gets a fresh deterministic id unless one is given.
struct EventFactory {
    private var counter: UInt64 = 0

    mutating func nextId() -> String {
        counter += 1
        let hex = String(counter, radix: 16)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - hex.count) + hex
    }

    mutating func line(_ type: String, _ data: [String: JSONValue], id: String? = nil, by: String = "op-test-01", expectedVersion: Int64? = nil) -> String {
        var o: [String: JSONValue] = ["id": .string(id ?? nextId()), "type": .string(type), "recordedBy": .string(by), "data": .object(data)]
        if let expectedVersion { o["expectedVersion"] = .integer(expectedVersion) }
        return String(decoding: CanonicalJSON.encode(.object(o)), as: UTF8.self)
    }

    mutating func protocolSigned(_ pid: String, from: String = "2022-01-01", to: String? = "2025-12-31", extra: [String: JSONValue] = [:], id: String? = nil) -> String {
        var d: [String: JSONValue] = ["protocolId": .string(pid), "title": .string("Convenzione \(pid)"), "kind": .string("convention"),
                                      "parties": .array([.string("Comune di Trecate"), .string("Comune di Cerano")]),
                                      "signedOn": .string(from), "validFrom": .string(from)]
        if let to { d["validTo"] = .string(to) }
        d.merge(extra) { _, new in new }
        return line("ProtocolSigned", d, id: id)
    }

    mutating func caseOpened(_ cid: String, protocolId: String, on date: String = "2023-01-10", person: String = "P-000001",
                             extra: [String: JSONValue] = [:], id: String? = nil, expectedVersion: Int64? = nil) -> String {
        var d: [String: JSONValue] = ["caseId": .string(cid), "person": .string(person), "protocolId": .string(protocolId),
                                      "desk": .string("Trecate"), "targetGroup": .string("unemployed-over-45"), "openedOn": .string(date)]
        d.merge(extra) { _, new in new }
        return line("CaseOpened", d, id: id, expectedVersion: expectedVersion)
    }

    mutating func placement(_ cid: String, contract: String = "permanent", months: Int64? = nil, start: String = "2023-03-01",
                            confirmed: String = "2023-03-05", id: String? = nil) -> String {
        var d: [String: JSONValue] = ["caseId": .string(cid), "employer": .string("Ceramiche Rossi Srl"), "contract": .string(contract),
                                      "startOn": .string(start), "confirmedOn": .string(confirmed), "evidence": .string("UNILAV-2023-0000001")]
        if let months { d["months"] = .integer(months) }
        return line("PlacementConfirmed", d, id: id)
    }

    mutating func closed(_ cid: String, on date: String = "2023-06-30", id: String? = nil) -> String {
        line("CaseClosed", ["caseId": .string(cid), "reason": .string("completed"), "closedOn": .string(date)], id: id)
    }

    mutating func voided(_ eventId: String, id: String? = nil) -> String {
        line("EventVoided", ["eventId": .string(eventId), "reason": .string("recorded by mistake")], id: id)
    }
}
