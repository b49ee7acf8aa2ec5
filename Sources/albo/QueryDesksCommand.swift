import ArgumentParser
import AlboDomain
import AlboProjections

/// `albo query desks`: activity per desk over a period.
struct QueryDesksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desks",
        abstract: "Per desk: cases opened and distinct persons (by openedOn), placements (by confirmedOn).",
        discussion: "--json prints an array of {\"desk\",\"casesOpened\",\"distinctPersons\",\"placements\"}."
    )

    @OptionGroup var options: QueryOptions
    @Option(help: ArgumentHelp("Period start, inclusive (YYYY-MM-DD).", valueName: "date"), transform: Parse.date) var from: CivilDate?
    @Option(help: ArgumentHelp("Period end, inclusive (YYYY-MM-DD).", valueName: "date"), transform: Parse.date) var to: CivilDate?

    func run() throws {
        try options.run { view in
            let desks = try view.desks(from: from, to: to)
            if options.json { return Output.json(.array(desks.map(\.json))) }
            Output.table(["DESK", "CASES OPENED", "DISTINCT PERSONS", "PLACEMENTS"],
                         desks.map { [$0.desk, String($0.casesOpened), String($0.persons), String($0.placements)] })
        }
    }
}
