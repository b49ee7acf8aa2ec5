import AlboTestSupport
import AlboDomain
import AlboProjections
import Testing

/// `desks` folds `CaseOpened` and `PlacementConfirmed`: a void of either must leave
/// `query desks` as if the event had never been recorded.
@Suite("Desks projection under voids")
struct DesksVoidTests {
    /// `query desks` over all time and over the first quarter of 2023.
    private static func desks(_ v: ProjectionView) throws -> JSONValue {
        .object([
            "all": .array(try v.desks().map(\.json)),
            "2023-Q1": .array(try v.desks(from: try .on("2023-01-01"), to: try .on("2023-03-31")).map(\.json)),
        ])
    }

    @Test("a voided CaseOpened is not counted: its desk shows neither the case nor the person, and a desk left with none is gone")
    func voidedCaseOpened_isNotCounted() throws {
        var f = EventFactory()
        let sameDesk = f.nextId(), onlyCase = f.nextId()
        let scenario = try VoidScenario([
            f.protocolSigned("conv-1"),
            f.caseOpened("C-1", protocolId: "conv-1", on: "2023-01-10", person: "P-1", desk: "Trecate"),
            f.caseOpened("C-2", protocolId: "conv-1", on: "2023-02-10", person: "P-2", desk: "Trecate", id: sameDesk),
            f.caseOpened("C-3", protocolId: "conv-1", on: "2023-02-11", person: "P-3", desk: "Cerano", id: onlyCase),
            f.placement("C-1", confirmed: "2023-03-05"),
            f.voided(sameDesk), f.voided(onlyCase),
        ], query: Self.desks)
        try scenario.expectVoidsInvisible(Self.desks)
        #expect(try scenario.voided.view { try $0.desks() }.map(\.desk) == ["Trecate"])
    }

    @Test("a voided PlacementConfirmed is not counted, and only that placement of its case goes")
    func voidedPlacement_isNotCounted() throws {
        var f = EventFactory()
        let middle = f.nextId(), other = f.nextId()
        let scenario = try VoidScenario([
            f.protocolSigned("conv-1"),
            f.caseOpened("C-1", protocolId: "conv-1", on: "2022-12-01", person: "P-1", desk: "Trecate"),
            f.caseOpened("C-2", protocolId: "conv-1", on: "2023-01-11", person: "P-2", desk: "Cerano"),
            // Only C-1's middle placement, the voided one, is in the first quarter: removing another would show.
            f.placement("C-1", confirmed: "2022-12-20"),
            f.placement("C-1", confirmed: "2023-03-01", id: middle),
            f.placement("C-1", confirmed: "2023-04-01"),
            f.placement("C-2", confirmed: "2023-03-31", id: other),
            f.voided(middle), f.voided(other),
        ], query: Self.desks)
        try scenario.expectVoidsInvisible(Self.desks)
    }

    @Test("a CaseOpened voided after its placement, then the case reopened at another desk, counts only at the new desk")
    func voidedOpeningThenReopened_countsAtTheNewDesk() throws {
        var f = EventFactory()
        let opening = f.nextId(), placement = f.nextId()
        let lines = [
            f.protocolSigned("conv-1"),
            f.caseOpened("C-1", protocolId: "conv-1", on: "2023-01-10", person: "P-1", desk: "Trecate", id: opening),
            f.placement("C-1", confirmed: "2023-02-01", id: placement),
            f.caseOpened("C-2", protocolId: "conv-1", on: "2023-01-12", person: "P-2", desk: "Trecate"),
        ]
        let refused = try TempStore()
        try refused.append(lines)
        #expect(try refused.rejections([f.voided(opening)]).map(\.rule) == ["void.orphans"])
        let scenario = try VoidScenario(lines + [
            f.voided(placement), f.voided(opening),
            f.caseOpened("C-1", protocolId: "conv-1", on: "2023-02-20", person: "P-9", desk: "Cerano"),
            f.placement("C-1", confirmed: "2023-06-01"),
        ], query: Self.desks)
        try scenario.expectVoidsInvisible(Self.desks)
    }
}
