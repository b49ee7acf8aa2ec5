import ArgumentParser
import AlboDomain
import AlboProjections

/// `albo query hires`: announced positions by role and funding.
struct QueryHiresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hires", abstract: "Announced positions: total, by role, by funding.")

    @OptionGroup var options: QueryOptions
    @Option(help: "Only this employer (exact name, any case).") var employer: String?
    @Option(help: "Only this funding programme (exact name, any case).") var funding: String?

    func run() throws {
        try options.run { view in
            let h = try view.hires(employer: employer, funding: funding)
            if options.json { return Output.json(h.json) }
            Output.line("total positions: \(h.totalPositions)")
            Output.line("")
            Output.table(["ROLE", "POSITIONS"], h.byRole.sorted { $0.key < $1.key }.map { [$0.key, String($0.value)] })
            Output.line("")
            Output.table(["FUNDING", "POSITIONS"], h.byFunding.sorted { $0.key < $1.key }.map { [$0.key, String($0.value)] })
        }
    }
}
