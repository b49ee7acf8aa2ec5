import AlboTestSupport
import AlboDomain
import AlboProjections
import Testing

/// `outcomes` folds `CaseOpened`, `PlacementConfirmed` and `CaseClosed` (docs/reference.md §6
/// counts only live ones): a void of each must leave `query outcomes` as if it had never
/// been recorded.
@Suite("Outcomes projection under voids")
struct OutcomesVoidTests {
    /// `query outcomes` of both protocols over their whole validity and over 2023's first quarter.
    private static func outcomes(_ v: ProjectionView) throws -> JSONValue {
        var o: [String: JSONValue] = [:]
        for pid in ["conv-1", "conv-2"] {
            o[pid + " all"] = try v.outcomes(protocolId: pid, from: try .on("2022-01-01"), to: try .on("2025-12-31")).json
            o[pid + " 2023-Q1"] = try v.outcomes(protocolId: pid, from: try .on("2023-01-01"), to: try .on("2023-03-31")).json
        }
        return .object(o)
    }

    @Test("a voided CaseOpened is not activated: activated, referredBy and byTargetGroup leave it out")
    func voidedCaseOpened_isNotActivated() throws {
        var f = EventFactory()
        let lone = f.nextId(), shared = f.nextId()
        let scenario = try VoidScenario([
            f.protocolSigned("conv-1"), f.protocolSigned("conv-2"),
            f.caseOpened("C-1", protocolId: "conv-1", on: "2023-01-10", person: "P-1"),
            f.caseOpened("C-2", protocolId: "conv-1", on: "2023-02-10", person: "P-2", group: "disability", referredBy: "Servizi sociali", id: lone),
            f.caseOpened("C-3", protocolId: "conv-1", on: "2023-03-10", person: "P-3", id: shared),
            f.caseOpened("C-4", protocolId: "conv-2", on: "2023-03-11", person: "P-3"),
            f.closed("C-1"),
            f.voided(lone), f.voided(shared),
        ], query: Self.outcomes)
        try scenario.expectVoidsInvisible(Self.outcomes)
    }

    @Test("a voided PlacementConfirmed stops counting: a case with another live placement stays placed, one with none is not")
    func voidedPlacement_unplacesOnlyWithoutAnother() throws {
        var f = EventFactory()
        let ofTwo = f.nextId(), only = f.nextId()
        let scenario = try VoidScenario([
            f.protocolSigned("conv-1"), f.protocolSigned("conv-2"),
            f.caseOpened("C-1", protocolId: "conv-1", on: "2023-01-10", person: "P-1"),
            f.caseOpened("C-2", protocolId: "conv-1", on: "2023-02-10", person: "P-2"),
            f.placement("C-1", confirmed: "2023-03-05", id: ofTwo),
            f.placement("C-1", confirmed: "2023-04-05"),
            f.placement("C-2", confirmed: "2023-03-05", id: only),
            f.voided(only), f.voided(ofTwo),
        ], query: Self.outcomes)
        // Voiding C-2's only placement unplaces it; voiding one of C-1's two changes no count.
        try scenario.expectVoidsInvisible(Self.outcomes, unchanged: [1])
    }

    @Test("a voided CaseClosed is not concluded: the case is in progress until closed again")
    func voidedCaseClosed_isInProgress() throws {
        var f = EventFactory()
        let reclosed = f.nextId(), stays = f.nextId()
        let scenario = try VoidScenario([
            f.protocolSigned("conv-1"), f.protocolSigned("conv-2"),
            f.caseOpened("C-1", protocolId: "conv-1", on: "2023-01-10", person: "P-1"),
            f.caseOpened("C-2", protocolId: "conv-1", on: "2023-02-10", person: "P-2"),
            f.caseOpened("C-3", protocolId: "conv-2", on: "2023-02-11", person: "P-3"),
            f.closed("C-1", id: reclosed), f.closed("C-2", id: stays), f.closed("C-3"),
            f.voided(reclosed), f.voided(stays),
            f.closed("C-1", on: "2023-09-30"),
        ], query: Self.outcomes)
        try scenario.expectVoidsInvisible(Self.outcomes)
    }

    @Test("a case whose later events and opening are voided, reopened under another protocol and date, counts only there")
    func voidedOpeningThenReopened_countsOnlyWhereReopened() throws {
        var f = EventFactory()
        let opening = f.nextId(), traineeship = f.nextId(), placement = f.nextId(), closing = f.nextId()
        let scenario = try VoidScenario([
            f.protocolSigned("conv-1"), f.protocolSigned("conv-2"),
            f.caseOpened("C-1", protocolId: "conv-1", on: "2023-01-10", person: "P-1", id: opening),
            f.caseOpened("C-2", protocolId: "conv-1", on: "2023-01-11", person: "P-2"),
            f.traineeship("C-1", "T-1", id: traineeship),
            f.placement("C-1", id: placement),
            f.closed("C-1", id: closing),
            f.voided(traineeship), f.voided(placement), f.voided(closing), f.voided(opening),
            f.caseOpened("C-1", protocolId: "conv-2", on: "2023-01-25", person: "P-1", group: "disability"),
            f.placement("C-1"),
        ], query: Self.outcomes)
        // Voiding the traineeship changes no count: outcomes do not fold traineeships.
        try scenario.expectVoidsInvisible(Self.outcomes, unchanged: [0])
    }
}
