import AlboDomain
@testable import AlboLog
import Foundation
import AlboTestSupport
import LMDB

extension TempStore {
    /// Every key and value of every database in the store.
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
}

/// The event helpers of the log tests.
extension EventFactory {
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
