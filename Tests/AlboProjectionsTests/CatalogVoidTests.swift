import AlboTestSupport
import AlboDomain
import AlboProjections
import Testing

/// `protocols` folds `ProtocolSigned`, `hires` folds `HireAnnounced`: a void of either
/// must leave its query as if the event had never been recorded.
@Suite("Protocols and hires projections under voids")
struct CatalogVoidTests {
    /// `query protocols`: all, by party, by a day they are valid on, and one by id.
    private static func protocols(_ v: ProjectionView) throws -> JSONValue {
        .object([
            "all": .array(try v.protocols()),
            "party": .array(try v.protocols(party: "comune di novara")),
            "active": .array(try v.protocols(activeOn: try .on("2024-06-01"))),
            "conv-2": .array(try v.protocolDocument("conv-2").map { [$0] } ?? []),
        ])
    }

    /// `query hires`: the totals, and filtered by employer and by funding.
    private static func hires(_ v: ProjectionView) throws -> JSONValue {
        .object([
            "all": try v.hires().json,
            "employer": try v.hires(employer: "comune di cerano").json,
            "funding": try v.hires(funding: "pnrr").json,
        ])
    }

    @Test("a voided ProtocolSigned is listed by no filter and found by no id")
    func voidedProtocolSigned_isGone() throws {
        var f = EventFactory()
        let novara = f.nextId(), active = f.nextId()
        let scenario = try VoidScenario([
            f.protocolSigned("conv-1", parties: ["Comune di Trecate", "Comune di Novara"], from: "2022-01-01", to: "2023-12-31"),
            f.protocolSigned("conv-2", parties: ["Comune di Novara", "ASL Novara"], from: "2024-01-01", to: nil, id: novara),
            f.protocolSigned("conv-3", parties: ["Comune di Cerano", "CPI Novara"], from: "2024-01-01", to: "2024-12-31", id: active),
            f.protocolSigned("conv-4", from: "2023-01-01", to: nil),
            f.voided(novara), f.voided(active),
        ], query: Self.protocols)
        try scenario.expectVoidsInvisible(Self.protocols)
    }

    @Test("a ProtocolSigned voided after the case and hire that named it is gone; the void is refused before them")
    func voidedProtocolAfterItsReferences_isGone() throws {
        var f = EventFactory()
        let signed = f.nextId(), opening = f.nextId(), hire = f.nextId()
        let lines = [
            f.protocolSigned("conv-1"),
            f.protocolSigned("conv-2", parties: ["Comune di Novara", "ASL Novara"], from: "2022-01-01", to: "2025-12-31", id: signed),
            f.caseOpened("C-1", protocolId: "conv-2", id: opening),
            f.line("HireAnnounced", ["hireId": .string("H-1"), "employer": .string("ASL Novara"), "role": .string("educatore"),
                                     "positions": .integer(2), "contract": .string("permanent"), "protocolId": .string("conv-2"),
                                     "announcedOn": .string("2024-03-01")], id: hire),
        ]
        let refused = try TempStore()
        try refused.append(lines)
        #expect(try refused.rejections([f.voided(signed)]).map(\.rule) == ["void.orphans"])
        let scenario = try VoidScenario(lines + [f.voided(opening), f.voided(hire), f.voided(signed)], query: Self.protocols)
        // Voiding the case and the hire changes no protocol.
        try scenario.expectVoidsInvisible(Self.protocols, unchanged: [0, 1])
    }

    @Test("a voided HireAnnounced counts in no total, role, employer or funding")
    func voidedHireAnnounced_countsNowhere() throws {
        var f = EventFactory()
        let samePlace = f.nextId(), cerano = f.nextId()
        let scenario = try VoidScenario([
            f.hire("H-1", role: "psicologo", positions: 2, funding: "PNRR"),
            f.hire("H-2", role: "psicologo", positions: 3, funding: "PNRR", id: samePlace),
            f.hire("H-3", role: "educatore", positions: 1),
            f.hire("H-4", employer: "Comune di Cerano", role: "assistente sociale", positions: 4, funding: "FSE+", id: cerano),
            f.hire("H-5", employer: "Comune di Cerano", role: "educatore", positions: 1),
            f.voided(samePlace), f.voided(cerano),
        ], query: Self.hires)
        try scenario.expectVoidsInvisible(Self.hires)
    }

    @Test("a hireId announced again after its void counts only the new announcement")
    func voidedHireAnnouncedAgain_countsTheNewOne() throws {
        var f = EventFactory()
        let first = f.nextId()
        let scenario = try VoidScenario([
            f.hire("H-1", role: "psicologo", positions: 2, funding: "PNRR"),
            f.hire("H-2", employer: "Comune di Cerano", role: "educatore", positions: 5, funding: "PNRR", id: first),
            f.voided(first),
            f.hire("H-2", employer: "Comune di Cerano", role: "assistente sociale", positions: 1),
        ], query: Self.hires)
        try scenario.expectVoidsInvisible(Self.hires)
    }
}
