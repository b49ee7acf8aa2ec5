import AlboTestSupport
import AlboDomain
import AlboProjections
import Testing

/// `hires` folds `HireAnnounced`: a void of it must leave `query hires` as if it had
/// never been recorded.
@Suite("Hires projection under voids")
struct HiresVoidTests {
    /// `query hires`: the totals, and filtered by employer and by funding.
    private static func hires(_ v: ProjectionView) throws -> JSONValue {
        .object([
            "all": try v.hires().json,
            "employer": try v.hires(employer: "comune di cerano").json,
            "funding": try v.hires(funding: "pnrr").json,
        ])
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
