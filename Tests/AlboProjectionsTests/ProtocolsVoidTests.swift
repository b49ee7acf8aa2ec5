import AlboTestSupport
import AlboDomain
import AlboProjections
import Testing

/// `protocols` folds `ProtocolSigned`: a void of it must leave `query protocols` as if
/// it had never been recorded.
@Suite("Protocols projection under voids")
struct ProtocolsVoidTests {
    /// `query protocols`: all, by party, by a day they are valid on, and one by id.
    private static func protocols(_ v: ProjectionView) throws -> JSONValue {
        .object([
            "all": .array(try v.protocols()),
            "party": .array(try v.protocols(party: "comune di novara")),
            "active": .array(try v.protocols(activeOn: try .on("2024-06-01"))),
            "conv-2": .array(try v.protocolDocument("conv-2").map { [$0] } ?? []),
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
}
