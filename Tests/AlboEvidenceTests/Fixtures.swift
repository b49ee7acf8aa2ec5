import AlboTestSupport
import AlboDomain
import AlboEvidence
import AlboLog
import Foundation
import Transparency

/// The origin of the evidence tests' stores, which their checkpoints name.
let sestoOrigin = "test.example/sesto"

/// The event helpers of the evidence tests: an outcome-paid protocol and its cases.
extension EventFactory {
    /// The outcome-paid service contract of the tests: 2022–2024, permanent or fixed-term ≥ 6 months,
    /// €1,500 for unemployed-over-45, €2,000 for disability, no tariff for other groups.
    mutating func paidProtocol(_ pid: String = "sesto-2022", payment: Bool = true) -> String {
        var d: [String: JSONValue] = [
            "protocolId": .string(pid), "title": .string("Servizio a risultato \(pid)"), "kind": .string("service-contract"),
            "parties": .array([.string("Comune di Sesto San Giovanni"), .string("Operatore, accreditato")]),
            "signedOn": .string("2021-12-20"), "validFrom": .string("2022-01-01"), "validTo": .string("2024-12-31"),
        ]
        if payment {
            d["outcomePayment"] = .object([
                "operator": .string("Operatore, accreditato"),
                "tariffs": .object(["unemployed-over-45": .integer(150_000), "disability": .integer(200_000)]),
                "eligibleContracts": .array([.string("permanent"), .string("fixed-term")]),
                "minFixedTermMonths": .integer(6),
            ])
        }
        return line("ProtocolSigned", d)
    }

    mutating func caseOpened(_ cid: String, protocolId: String = "sesto-2022", group: String = "unemployed-over-45",
                             on date: String = "2022-02-01", person: String? = nil, id: String? = nil) -> String {
        line("CaseOpened", ["caseId": .string(cid), "person": .string(person ?? "P-" + cid), "protocolId": .string(protocolId),
                            "desk": .string("Sesto Centro"), "targetGroup": .string(group), "openedOn": .string(date)], id: id)
    }

    mutating func placement(_ cid: String, contract: String = "permanent", months: Int64? = nil, start: String? = nil,
                            confirmed: String, employer: String = "Ceramiche \"Rossi\", Srl", id: String? = nil) -> String {
        var d: [String: JSONValue] = ["caseId": .string(cid), "employer": .string(employer), "contract": .string(contract),
                                      "startOn": .string(start ?? confirmed), "confirmedOn": .string(confirmed),
                                      "evidence": .string("UNILAV-\(cid)-\(confirmed)")]
        if let months { d["months"] = .integer(months) }
        return line("PlacementConfirmed", d, id: id)
    }

    mutating func voided(_ eventId: String) -> String {
        line("EventVoided", ["eventId": .string(eventId), "reason": .string("recorded by mistake")])
    }
}

/// A signer made once per test run.
enum TestKeys {
    static let pair: (signerKey: String, verifierKey: String) = {
        (try? NoteSigner.generate(name: "test.example-sesto")) ?? ("", "")
    }()
    static var signer: NoteSigner { get throws { try NoteSigner(keyText: pair.signerKey) } }
    static var verifier: NoteVerifier { get throws { try NoteVerifier(keyText: pair.verifierKey) } }
}

/// A fixture that cannot be built: a bug in the test itself.
struct FixtureError: Error { var message: String }

/// A date literal for tests.
func date(_ text: String) throws -> CivilDate {
    guard let d = CivilDate(text) else { throw FixtureError(message: "not a date: \(text)") }
    return d
}

/// Exports the claim of `pid` over [from, to] from `store`.
func exportBundle(_ store: TempStore, _ pid: String = "sesto-2022", from: String, to: String,
                  asOf: AsOf? = nil) throws -> PaymentExporter.Bundle {
    try PaymentExporter.bundle(reader: store.ledger.reader, protocolId: pid, from: date(from), to: date(to), asOf: asOf, signer: TestKeys.signer)
}

/// The claim's rejected placements as (seq, reason), and paid ones as (seq, cents).
func outcome(_ claim: PaymentClaim) -> (paid: [UInt64: Int64], rejected: [UInt64: RejectionReason]) {
    var paid: [UInt64: Int64] = [:]
    var rejected: [UInt64: RejectionReason] = [:]
    for p in claim.payments { paid[p.claimed.seq] = p.amountCents }
    for r in claim.rejections { rejected[r.claimed.seq] = r.reason }
    return (paid, rejected)
}

// MARK: - Running the real tools

/// Runs `albo` with `arguments`.
func albo(_ arguments: [String]) throws -> Subprocess.Result {
    try Subprocess.albo(arguments)
}

/// Runs the auditor's Python verifier on a bundle; a missing Python or package makes it fail, never skip.
func pythonVerifier(_ bundle: String, _ vkeyFile: String) throws -> Subprocess.Result {
    try Subprocess.python([Paths.tool("verify_bundle.py"), bundle, vkeyFile])
}
