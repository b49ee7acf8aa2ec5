import AlboDomain
import AlboReports
import AlboTestSupport
import Testing

/// The report pays a person once per protocol, like the evidence bundle: a placement paid
/// before the report's trend, or through another desk, makes a later one already paid.
@Suite("Semester report: one payment per person")
struct OnePaymentPerPersonReportTests {
    private func store(sealed: Bool) throws -> TempStore {
        let store = try TempStore(origin: "test.example/sesto", sealed: sealed)
        var f = EventFactory()
        func opened(_ cid: String, _ person: String, desk: String, group: String, on: String) -> String {
            f.line("CaseOpened", ["caseId": .string(cid), "person": .string(person), "protocolId": .string("sesto-x"),
                                  "desk": .string(desk), "targetGroup": .string(group), "openedOn": .string(on)])
        }
        func placed(_ cid: String, _ on: String) -> String {
            f.line("PlacementConfirmed", ["caseId": .string(cid), "employer": .string("Rossi Srl"), "contract": .string("permanent"),
                                          "startOn": .string(on), "confirmedOn": .string(on), "evidence": .string("UNILAV-\(cid)")])
        }
        let lines = [
            f.line("ProtocolSigned", [
                "protocolId": .string("sesto-x"), "title": .string("Servizio a risultato"), "kind": .string("service-contract"),
                "parties": .array([.string("Comune di Sesto San Giovanni"), .string("Operatore, accreditato")]),
                "signedOn": .string("2018-12-20"), "validFrom": .string("2019-01-01"), "validTo": .string("2026-12-31"),
                "outcomePayment": .object([
                    "operator": .string("Operatore, accreditato"),
                    "tariffs": .object(["unemployed-over-45": .integer(100_000), "disability": .integer(300_000)]),
                    "eligibleContracts": .array([.string("permanent")]),
                ]),
            ]),
            // P paid in 2019 at one desk, long before the 2024-H1 report's six semesters…
            opened("A", "P-7DBDEF", desk: "Sesto Centro", group: "unemployed-over-45", on: "2019-02-01"), placed("A", "2019-05-10"),
            // …placed again in 2024 at another desk, with another target group: already paid.
            opened("B", "P-7DBDEF", desk: "Sesto Nord", group: "disability", on: "2024-01-15"), placed("B", "2024-03-02"),
            opened("Q", "Q-1", desk: "Sesto Nord", group: "disability", on: "2024-01-16"), placed("Q", "2024-03-05"),
        ]
        try store.append(lines)
        return store
    }

    @Test("a person paid in 2019 is not paid again in 2024 through another case, desk and target group, sealed or not")
    func secondCase_isAlreadyPaid() throws {
        for sealed in [false, true] {
            let s = try store(sealed: sealed)
            for desks in [[], ["Sesto Nord"]] {
                let r = try s.report("2024-H1", desks: desks, exact: true)
                #expect(r.figure("payments.eligible", "protocol=sesto-x")?.exact == 1, "sealed \(sealed), desks \(desks)")
                #expect(r.figure("payments.totalCents", "protocol=sesto-x")?.exact == 300_000, "sealed \(sealed), desks \(desks)")
                #expect(r.figure("payments.rejected", "protocol=sesto-x;reason=already-paid")?.exact == 1, "sealed \(sealed), desks \(desks)")
            }
            // The desk where P was first paid has nothing in 2024.
            let centro = try s.report("2024-H1", desks: ["Sesto Centro"], exact: true)
            #expect(centro.figure("payments.eligible", "protocol=sesto-x")?.exact == 0)
            #expect(centro.figure("payments.rejected", "protocol=sesto-x;reason=already-paid")?.exact == 0)
        }
    }
}
