import AlboTestSupport
import AlboDomain
import AlboLog
import AlboProjections
import Foundation

/// Projection views over the shared test store.
extension TempStore {
    /// Runs `body` over the projections, caught up, as of `asOf`.
    func view<T>(asOf: AsOf? = nil, _ body: (ProjectionView) throws -> T) throws -> T {
        try ProjectionRunner(ledger: ledger).read(asOf: asOf, body)
    }

    /// Each projection's digest, caught up.
    func digests(_ runner: ProjectionRunner? = nil) throws -> [String: String] {
        let runner = runner ?? ProjectionRunner(ledger: ledger)
        try runner.catchUp()
        return try ledger.reader.readProjections { txn in
            Dictionary(uniqueKeysWithValues: try runner.projections.map { ($0.name, try runner.digest(txn, $0)) })
        }
    }

    /// The recordedAt of event `seq`.
    func recordedAt(_ seq: UInt64) throws -> String { try record(seq).recordedAt }
}

/// The event helpers of the projection tests.
extension EventFactory {
    mutating func protocolSigned(_ pid: String, parties: [String] = ["Comune di Trecate", "Comune di Cerano"], from: String = "2022-01-01",
                                 to: String? = "2025-12-31", id: String? = nil) -> String {
        var d: [String: JSONValue] = ["protocolId": .string(pid), "title": .string("Convenzione \(pid)"), "kind": .string("convention"),
                                      "parties": .array(parties.map(JSONValue.string)), "signedOn": .string(from), "validFrom": .string(from)]
        if let to { d["validTo"] = .string(to) }
        return line("ProtocolSigned", d, id: id)
    }

    mutating func hire(_ hid: String, employer: String = "Unione Distretto Ceramico", role: String = "psicologo", positions: Int64 = 1,
                       funding: String? = nil, id: String? = nil) -> String {
        var d: [String: JSONValue] = ["hireId": .string(hid), "employer": .string(employer), "role": .string(role),
                                      "positions": .integer(positions), "contract": .string("flexible"), "announcedOn": .string("2024-03-01")]
        if let funding { d["funding"] = .string(funding) }
        return line("HireAnnounced", d, id: id)
    }

    mutating func caseOpened(_ cid: String, protocolId: String, on date: String = "2023-01-10", person: String = "P-000001",
                             desk: String = "Trecate", group: String = "unemployed-over-45", referredBy: String? = "CPI Novara",
                             id: String? = nil) -> String {
        var d: [String: JSONValue] = ["caseId": .string(cid), "person": .string(person), "protocolId": .string(protocolId),
                                      "desk": .string(desk), "targetGroup": .string(group), "openedOn": .string(date)]
        if let referredBy { d["referredBy"] = .string(referredBy) }
        return line("CaseOpened", d, id: id)
    }

    mutating func traineeship(_ cid: String, _ tid: String, kind: String = "extracurricular", protocolId: String? = nil, id: String? = nil) -> String {
        var d: [String: JSONValue] = ["caseId": .string(cid), "traineeshipId": .string(tid), "host": .string("Gastronomia Snc"),
                                      "kind": .string(kind), "startOn": .string("2023-02-01")]
        if let protocolId { d["protocolId"] = .string(protocolId) }
        return line("TraineeshipStarted", d, id: id)
    }

    mutating func placement(_ cid: String, confirmed: String = "2023-03-05", id: String? = nil) -> String {
        line("PlacementConfirmed", ["caseId": .string(cid), "employer": .string("Ceramiche Rossi Srl"), "contract": .string("permanent"),
                                    "startOn": .string("2023-03-01"), "confirmedOn": .string(confirmed), "evidence": .string("UNILAV-2023-0000001")], id: id)
    }

    mutating func closed(_ cid: String, on date: String = "2023-06-30", id: String? = nil) -> String {
        line("CaseClosed", ["caseId": .string(cid), "reason": .string("completed"), "closedOn": .string(date)], id: id)
    }

    mutating func voided(_ eventId: String, id: String? = nil) -> String {
        line("EventVoided", ["eventId": .string(eventId), "reason": .string("recorded by mistake")], id: id)
    }
}
