import ArgumentParser
import AlboDomain
import AlboProjections

/// `albo query protocols`: protocols and their terms.
struct QueryProtocolsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "protocols", abstract: "List protocols (--json: an array).")

    @OptionGroup var options: QueryOptions
    @Option(help: "Only protocols with this party (exact name, any case).") var party: String?
    @Option(name: .customLong("active-on"), help: ArgumentHelp("Only protocols valid on this date.", valueName: "date"), transform: Parse.date) var activeOn: CivilDate?

    func run() throws {
        try options.run { view in
            let list = try view.protocols(party: party, activeOn: activeOn)
            if options.json { return Output.json(.array(list)) }
            Output.table(["PROTOCOL", "KIND", "VALID", "LEAD", "PARTIES", "FUNDING", "TITLE"], list.map { doc in
                let o = doc.objectValue ?? [:]
                let s = { (k: String) in o[k]?.stringValue ?? "" }
                let parties = o["parties"]?.arrayValue?.compactMap(\.stringValue) ?? []
                return [s("protocolId"), s("kind"), "\(s("validFrom"))–\(s("validTo"))", s("lead"),
                        "\(parties.count): \(parties.joined(separator: "; "))", s("funding"), s("title")]
            })
        }
    }
}
