import AlboTestSupport
import AlboDomain
import AlboProjections
import Testing

/// `traineeships` folds `TraineeshipStarted` and, for the protocol a traineeship
/// without one of its own inherits, `CaseOpened`: a void of either must leave
/// `query traineeships` as if the event had never been recorded.
@Suite("Traineeships projection under voids")
struct TraineeshipsVoidTests {
    /// `query traineeships`: all, by protocol and by kind, less the seqs (they shift when an
    /// event is left out; event ids still tell the traineeships apart).
    private static func traineeships(_ v: ProjectionView) throws -> JSONValue {
        JSONValue.object([
            "all": .array(try v.traineeships()),
            "conv-2": .array(try v.traineeships(protocolId: "conv-2")),
            "school-work": .array(try v.traineeships(kind: "school-work")),
        ]).dropping(["seq"])
    }

    @Test("a voided TraineeshipStarted is listed by no filter, whether it ran under its case's protocol or its own")
    func voidedTraineeship_isGone() throws {
        var f = EventFactory()
        let own = f.nextId(), inherited = f.nextId()
        let scenario = try VoidScenario([
            f.protocolSigned("conv-1"), f.protocolSigned("conv-2"),
            f.caseOpened("C-1", protocolId: "conv-1"),
            f.caseOpened("C-2", protocolId: "conv-2"),
            f.traineeship("C-1", "T-1"),
            f.traineeship("C-1", "T-2", kind: "school-work", protocolId: "conv-2", id: own),
            f.traineeship("C-2", "T-3", id: inherited),
            f.traineeship("C-2", "T-4", kind: "school-work"),
            f.voided(own), f.voided(inherited),
        ], query: Self.traineeships)
        try scenario.expectVoidsInvisible(Self.traineeships)
    }

    @Test("a voided CaseOpened leaves no trace in the traineeships' stored state")
    func voidedCaseOpened_leavesNoTrace() throws {
        var f = EventFactory()
        let opening = f.nextId()
        let scenario = try VoidScenario([
            f.protocolSigned("conv-1"), f.protocolSigned("conv-2"),
            f.caseOpened("C-0", protocolId: "conv-2"),
            f.traineeship("C-0", "T-0"),
            f.caseOpened("C-1", protocolId: "conv-1", id: opening),
            f.voided(opening),
        ], query: Self.traineeships)
        // No query can show a case with no traineeship, so compare the stored state: the
        // traineeships' rows are alike in both stores, and so must be the case lookup.
        try scenario.expectVoidsInvisible(Self.traineeships, unchanged: [0], sameStateAsReference: ["traineeships"])
    }

    @Test("a case reopened under another protocol after its opening and traineeship were voided gives its new traineeships that protocol")
    func voidedOpeningThenReopened_inheritsTheNewProtocol() throws {
        var f = EventFactory()
        let opening = f.nextId(), traineeship = f.nextId()
        let scenario = try VoidScenario([
            f.protocolSigned("conv-1"), f.protocolSigned("conv-2"),
            f.caseOpened("C-1", protocolId: "conv-1", id: opening),
            f.traineeship("C-1", "T-1", id: traineeship),
            f.voided(traineeship), f.voided(opening),
            f.caseOpened("C-1", protocolId: "conv-2"),
            f.traineeship("C-1", "T-1"),
        ], query: Self.traineeships)
        try scenario.expectVoidsInvisible(Self.traineeships, unchanged: [1])
    }
}
