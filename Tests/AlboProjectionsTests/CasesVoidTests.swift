import AlboTestSupport
import AlboDomain
import AlboProjections
import Testing

/// `cases` folds `CaseOpened`, `TraineeshipStarted`, `PlacementConfirmed` and
/// `CaseClosed`: a void of each must leave `query cases` as if it had never been recorded.
@Suite("Cases projection under voids")
struct CasesVoidTests {
    /// `query cases`, less each case's `version` (it counts the stream's voids) and the
    /// seqs of its traineeships and placements (they shift when an event is left out).
    private static func cases(_ v: ProjectionView) throws -> JSONValue {
        .array(try v.cases(CaseFilter()).map { $0.json.dropping(["seq", "version"]) })
    }

    @Test("a voided CaseOpened leaves no case behind")
    func voidedCaseOpened_leavesNoCase() throws {
        var f = EventFactory()
        let opening = f.nextId()
        let scenario = try VoidScenario([
            f.protocolSigned("conv-1"),
            f.caseOpened("C-1", protocolId: "conv-1", person: "P-1"),
            f.caseOpened("C-2", protocolId: "conv-1", person: "P-2", desk: "Cerano", id: opening),
            f.closed("C-1"),
            f.voided(opening),
        ], query: Self.cases)
        try scenario.expectVoidsInvisible(Self.cases)
        #expect(try scenario.voided.view { try $0.case("C-2") } == nil)
    }

    @Test("a voided TraineeshipStarted drops that traineeship and keeps the case's others in order")
    func voidedTraineeship_dropsOnlyIt() throws {
        var f = EventFactory()
        let middle = f.nextId()
        let scenario = try VoidScenario([
            f.protocolSigned("conv-1"),
            f.caseOpened("C-1", protocolId: "conv-1"),
            f.traineeship("C-1", "T-1"),
            f.traineeship("C-1", "T-2", id: middle),
            f.placement("C-1"),
            f.traineeship("C-1", "T-3", kind: "school-work"),
            f.voided(middle),
        ], query: Self.cases)
        try scenario.expectVoidsInvisible(Self.cases)
    }

    @Test("a voided PlacementConfirmed drops that placement and keeps the case's others in order")
    func voidedPlacement_dropsOnlyIt() throws {
        var f = EventFactory()
        let middle = f.nextId()
        let scenario = try VoidScenario([
            f.protocolSigned("conv-1"),
            f.caseOpened("C-1", protocolId: "conv-1"),
            f.placement("C-1", confirmed: "2023-03-05"),
            f.placement("C-1", confirmed: "2023-04-05", id: middle),
            f.traineeship("C-1", "T-1"),
            f.placement("C-1", confirmed: "2023-05-05"),
            f.voided(middle),
        ], query: Self.cases)
        try scenario.expectVoidsInvisible(Self.cases)
    }

    @Test("a voided CaseClosed reopens the case; closing it again shows only the new closing")
    func voidedCaseClosed_reopensTheCase() throws {
        var f = EventFactory()
        let first = f.nextId(), other = f.nextId()
        let scenario = try VoidScenario([
            f.protocolSigned("conv-1"),
            f.caseOpened("C-1", protocolId: "conv-1"),
            f.caseOpened("C-2", protocolId: "conv-1", person: "P-2"),
            f.placement("C-1"),
            f.closed("C-1", on: "2023-06-30", id: first),
            f.closed("C-2", on: "2023-07-01", id: other),
            f.voided(first), f.voided(other),
            f.closed("C-1", on: "2023-07-31"),
        ], query: Self.cases)
        try scenario.expectVoidsInvisible(Self.cases)
    }

    @Test("a case whose later events and then its opening are voided is gone, and the caseId can be opened afresh")
    func voidedOpeningAfterLaterEvents_freesTheCaseId() throws {
        var f = EventFactory()
        let opening = f.nextId(), traineeship = f.nextId(), placement = f.nextId(), closing = f.nextId()
        let scenario = try VoidScenario([
            f.protocolSigned("conv-1"), f.protocolSigned("conv-2"),
            f.caseOpened("C-1", protocolId: "conv-1", person: "P-1", id: opening),
            f.traineeship("C-1", "T-1", id: traineeship),
            f.placement("C-1", id: placement),
            f.closed("C-1", id: closing),
            f.voided(closing), f.voided(placement), f.voided(traineeship), f.voided(opening),
            f.caseOpened("C-1", protocolId: "conv-2", on: "2023-01-20", person: "P-9", desk: "Cerano", group: "disability"),
            f.traineeship("C-1", "T-1"),
        ], query: Self.cases)
        try scenario.expectVoidsInvisible(Self.cases)
    }
}
