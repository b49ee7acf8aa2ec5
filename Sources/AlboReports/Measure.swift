/// What a figure counts: its id, its definition (published in figures.json and the CSV),
/// and whether its cells can single out people.
public struct Measure: Sendable, Hashable {
    public var id: String
    public var definition: String
    /// Cells that cross a target group, a referrer, or one desk with one contract kind:
    /// counts from 1 to 4 are published as `< 5` unless `--exact`.
    public var isSensitive: Bool

    init(_ id: String, _ definition: String, sensitive: Bool = false) {
        self.id = id
        self.definition = definition
        self.isSensitive = sensitive
    }
}

extension Measure {
    static let casesOpened = Measure("cases.opened", "Live (not voided) cases with openedOn in the semester.")
    static let personsServed = Measure("persons.served", "Distinct persons among the live cases opened in the semester.")
    static let traineeshipsStarted = Measure("traineeships.started", "Live traineeships with startOn in the semester, of the cases in scope.")
    static let placementsConfirmed = Measure("placements.confirmed", "Live placements with confirmedOn in the semester, of the cases in scope.")
    static let casesClosed = Measure("cases.closed", "Live cases with a live CaseClosed whose closedOn is in the semester.")
    static let closedByReason = Measure("cases.closed.byReason", "Cases closed in the semester, by close reason.")
    static let openedYearToDate = Measure("cases.opened.yearToDate", "Live cases opened from 1 January of the semester's year to its last day.")
    static let personsYearToDate = Measure("persons.served.yearToDate", "Distinct persons among the live cases opened from 1 January of the semester's year to its last day.")
    static let cohortConcluded = Measure("cohort.concluded", "Of the cases opened in the semester, those closed in the data counted (up to the report's tree size).")
    static let cohortInProgress = Measure("cohort.inProgress", "Of the cases opened in the semester, those still open in the data counted (up to the report's tree size).")
    static let cohortPlaced = Measure("cohort.placed", "Of the cases opened in the semester, those with at least one live placement in the data counted (up to the report's tree size).")
    static let openedByDesk = Measure("cases.opened.byDesk", "Cases opened in the semester, by desk (every desk in scope with a case dated in the six semesters shown).")
    static let personsByDesk = Measure("persons.served.byDesk", "Distinct persons among the cases opened in the semester, by desk.")
    static let openedByTargetGroup = Measure("cases.opened.byTargetGroup", "Cases opened in the semester, by target group.", sensitive: true)
    static let openedByGender = Measure("cases.opened.byGender", "Cases opened in the semester, by the participant's gender (\"none\": no participant data recorded, or erased); given when participant data exist.", sensitive: true)
    static let openedByAgeBand = Measure("cases.opened.byAgeBand", "Cases opened in the semester, by the participant's age at entry (\"none\": no participant data); given when participant data exist.", sensitive: true)
    static let openedByEducation = Measure("cases.opened.byEducation", "Cases opened in the semester, by the participant's education (ISCED levels; \"none\": no participant data); given when participant data exist.", sensitive: true)
    static let referredByReferrer = Measure("persons.referred.byReferrer", "Distinct persons among the cases opened in the semester, by referrer (cases that name none are left out).", sensitive: true)
    static let placementsByContract = Measure("placements.byContract", "Placements confirmed in the semester, by contract kind (sensitive when the report covers a single desk).")
    static let placementsByDeskContract = Measure("placements.byDeskContract", "Placements confirmed in the semester, by desk and contract kind.", sensitive: true)
    static let fixedTermMonths = Measure("placements.fixedTermMonths", "Fixed-term placements confirmed in the semester, by contract length in months (sensitive when the report covers a single desk).")
    static let hoursPerWeek = Measure("placements.hoursPerWeek", "Placements confirmed in the semester, by weekly hours (\"none\": weekly hours not recorded).")
    static let daysToPlacement = Measure("placements.daysToPlacement", "Placements confirmed in the semester, by days from the case's openedOn to the placement's confirmedOn.")
    static let medianDays = Measure("placements.daysToPlacement.median", "The median of those days (the lower middle value when their number is even; 0 when there are none).")
    static let hirePositions = Measure("hires.positions", "Positions of live hires with announcedOn in the semester.")
    static let hiresByRole = Measure("hires.positions.byRole", "Positions announced in the semester, by role.")
    static let hiresByFunding = Measure("hires.positions.byFunding", "Positions announced in the semester, by funding programme (hires that name none are left out).")
    static let paymentsEligible = Measure("payments.eligible", "Placements confirmed in the semester that qualify for payment under the protocol's payment-by-results rules, per protocol with such terms and in all.")
    static let paymentsTotal = Measure("payments.totalCents", "The amount those placements earn, in euro cents.")
    static let paymentsRejected = Measure("payments.rejected", "Placements confirmed in the semester that are not paid, by protocol and the first rule they break.")
    static let changePrevious = Measure("change.previousSemester", "The measure named in the dimension, this semester minus the previous one.")
    static let changeYear = Measure("change.yearBefore", "The measure named in the dimension, this semester minus the same semester a year before.")

    /// Every measure, in the order the report presents them.
    public static let all: [Measure] = [
        casesOpened, personsServed, traineeshipsStarted, placementsConfirmed, casesClosed, closedByReason,
        openedYearToDate, personsYearToDate, cohortConcluded, cohortInProgress, cohortPlaced,
        openedByDesk, personsByDesk, openedByTargetGroup, openedByGender, openedByAgeBand, openedByEducation, referredByReferrer,
        placementsByContract, placementsByDeskContract, fixedTermMonths, hoursPerWeek, daysToPlacement, medianDays,
        hirePositions, hiresByRole, hiresByFunding, paymentsEligible, paymentsTotal, paymentsRejected,
        changePrevious, changeYear,
    ]

    /// The measures whose change on the previous semester and on the year before is published.
    static let compared: [Measure] = [casesOpened, personsServed, traineeshipsStarted, placementsConfirmed, casesClosed,
                                      hirePositions, paymentsEligible, paymentsTotal]
}
