import ArgumentParser
import AlboDomain
import AlboProjections

/// `albo query outcomes`: docs/reference.md §6.
struct QueryOutcomesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outcomes", abstract: "Outcomes of a protocol's cases opened in a period (both ends included).")

    @OptionGroup var options: QueryOptions
    @Option(name: .customLong("protocol"), help: "The protocolId.") var protocolId: String
    @Option(help: ArgumentHelp("First openedOn counted (YYYY-MM-DD).", valueName: "date"), transform: Parse.date) var from: CivilDate
    @Option(help: ArgumentHelp("Last openedOn counted (YYYY-MM-DD).", valueName: "date"), transform: Parse.date) var to: CivilDate

    func run() throws {
        try options.run { view in
            let o = try view.outcomes(protocolId: protocolId, from: from, to: to)
            if options.json { return Output.json(o.json) }
            Output.table(["", ""], [
                ["protocol", o.protocolId], ["period", "\(o.from) – \(o.to)"], ["activated", String(o.activated)],
                ["concluded", String(o.concluded)], ["in progress", String(o.inProgress)], ["placed", String(o.placed)],
            ])
            Output.line("")
            Output.table(["REFERRED BY", "PERSONS"], o.referredBy.sorted { $0.key < $1.key }.map { [$0.key, String($0.value)] })
            Output.line("")
            Output.table(["TARGET GROUP", "CASES"], o.byTargetGroup.sorted { $0.key < $1.key }.map { [$0.key.rawValue, String($0.value)] })
        }
    }
}
