import AlboDomain
import Foundation
import Testing
@testable import AlboProjections

/// Typed dates and terms in projection states are stored as the text the states held when
/// they were strings: stored states, and so `albo projections` digests, do not change.
@Suite("Projection states keep their stored form")
struct StateFormTests {
    private func day(_ s: String) throws -> CivilDate { try #require(CivilDate(s)) }

    @Test("a case state is written as the same strings, in the same order, as before dates and terms were typed")
    func caseState_storesText() throws {
        let state = CaseState(
            caseId: "C-1", person: "P-1", protocolId: "conv", desk: "Trecate", targetGroup: .term(.unemployedOver45),
            openedOn: try day("2023-01-02"), closedOn: try day("2023-06-30"), closeReason: .completed,
            traineeships: [.init(seq: 2, eventId: "e2", traineeshipId: "T-1", host: "H", kind: .schoolWork,
                                 startOn: try day("2023-02-01"), plannedEndOn: try day("2023-04-30"), protocolId: nil)],
            placements: [.init(seq: 3, eventId: "e3", employer: "E", contract: .fixedTerm, months: 6, hoursPerWeek: nil,
                               startOn: try day("2023-05-01"), confirmedOn: try day("2023-05-02"), evidence: "U-1")],
            version: 4)
        // The stored form as the string-typed state wrote it.
        var w = StateWriter()
        w.string("C-1"); w.string("P-1"); w.string("conv"); w.string("Trecate"); w.string("unemployed-over-45")
        w.string("2023-01-02"); w.optionalString("2023-06-30"); w.optionalString("completed"); w.int(4)
        w.uint(1)
        w.uint(2); w.string("e2"); w.string("T-1"); w.string("H"); w.string("school-work")
        w.string("2023-02-01"); w.optionalString("2023-04-30"); w.optionalString(nil)
        w.uint(1)
        w.uint(3); w.string("e3"); w.string("E"); w.string("fixed-term"); w.optionalInt(6)
        w.optionalInt(nil); w.string("2023-05-01"); w.string("2023-05-02"); w.string("U-1")
        #expect(state.encoded() == w.bytes)
        let back = try w.bytes.withUnsafeBytes { try CaseState(decoding: $0) }
        #expect(back == state)
    }

    @Test("desk and outcome rows too")
    func deskAndOutcomeRows_storeText() throws {
        var desk = StateWriter()
        desk.string("2023-01-02"); desk.string("P-1"); desk.uint(1); desk.uint(7); desk.string("2023-03-04")
        let row = DeskCase(openedOn: try day("2023-01-02"), person: "P-1", placements: [.init(seq: 7, confirmedOn: try day("2023-03-04"))])
        #expect(row.encoded() == desk.bytes)

        var outcome = StateWriter()
        outcome.string("P-1"); outcome.optionalString("CPI"); outcome.string("disability"); outcome.bool(true); outcome.int(2)
        let o = CaseOutcome(person: "P-1", referredBy: "CPI", targetGroup: .term(.disability), isClosed: true, placements: 2)
        #expect(o.encoded() == outcome.bytes)
        #expect(try outcome.bytes.withUnsafeBytes { try CaseOutcome(decoding: $0) } == o)
    }

    @Test("a stored date or term that is not one is a corrupt state, not a crash")
    func badText_isCorrupt() {
        var w = StateWriter()
        w.string("C-1"); w.string("P-1"); w.string("conv"); w.string("Trecate"); w.string("elderly")
        w.string("2023-01-02"); w.optionalString(nil); w.optionalString(nil); w.int(1); w.uint(0); w.uint(0)
        #expect(throws: ProjectionError.self) { try w.bytes.withUnsafeBytes { try CaseState(decoding: $0) } }
    }
}
