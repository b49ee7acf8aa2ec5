import ArgumentParser
import AlboDomain
import AlboProjections

/// `albo query traineeships`: live traineeships.
struct QueryTraineeshipsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "traineeships", abstract: "List traineeships (--json: an array).")

    @OptionGroup var options: QueryOptions
    @Option(name: .customLong("protocol"), help: "Only traineeships under this protocolId (their own, else their case's).") var protocolId: String?
    @Option(help: "extracurricular or school-work.") var kind: String?

    func run() throws {
        try options.run { view in
            let list = try view.traineeships(protocolId: protocolId, kind: kind)
            if options.json { return Output.json(.array(list)) }
            Output.table(["TRAINEESHIP", "CASE", "PROTOCOL", "KIND", "HOST", "START", "PLANNED END"], list.map { doc in
                let o = doc.objectValue ?? [:]
                return ["traineeshipId", "caseId", "protocolId", "kind", "host", "startOn", "plannedEndOn"].map { o[$0]?.stringValue ?? "" }
            })
        }
    }
}
