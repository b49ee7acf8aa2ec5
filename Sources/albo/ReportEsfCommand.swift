import AlboDomain
import AlboLog
import AlboReports
import ArgumentParser

/// `albo report esf`: the ESF+ common indicators (Reg. (EU) 2021/1057 Annex I) of a period.
struct ReportEsfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esf",
        abstract: "Write the ESF+ common indicators of a period: indicators.json, indicators.csv, report.html, manifest.json.",
        discussion: """
        Counts the participants of the live cases with participant data, per gender and in total: \
        entering (opened in the period), on leaving (closed in the period; employment also from a \
        placement starting up to 28 days after closing) and six months after leaving. Counts from 1 \
        to 4 are published as "< 5" unless --exact. The same command with --as-of the tree size \
        stated in the report gives a byte-identical indicators.json.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("The first day of the period.", valueName: "YYYY-MM-DD"), transform: Parse.date)
    var from: CivilDate

    @Option(help: ArgumentHelp("The last day of the period.", valueName: "YYYY-MM-DD"), transform: Parse.date)
    var to: CivilDate

    @Option(name: .customLong("protocol"), help: ArgumentHelp("Only this protocol's cases (repeatable; default: all).", valueName: "protocolId"))
    var protocols: [String] = []

    @Option(help: ArgumentHelp("The report directory: new or empty.", valueName: "dir"))
    var out: String

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The log as of tree size N, or as of a timestamp.", valueName: "N|timestamp"), transform: Parse.asOf)
    var asOf: AsOf?

    @Option(help: ArgumentHelp("A signer key file: adds a signed checkpoint of the report's tree head.", valueName: "file"))
    var key: String?

    @Option(help: ArgumentHelp("The language of report.html (Italian by default).", valueName: "it|en"))
    var lang: ReportLanguage = .it

    @Flag(help: "Publish small counts as they are (internal use only).")
    var exact = false

    @Option(help: ArgumentHelp("The issuing office, printed on the page.", valueName: "text"))
    var office: String?

    @Flag(help: "Print where the report went as JSON.")
    var json = false

    func run() throws {
        try runReporting {
            guard from <= to else { throw CLIFailure(code: Exit.usage, message: "--from \(from) is after --to \(to)") }
            let signer = try key.map { try KeyFiles.signer($0) }
            try SemesterReport.checkDestination(out)
            // The indicators come from the log alone: never written, so a read-only store serves.
            let ledger = try storeOptions.openReadOnly()
            let report = try EsfReport.make(reader: ledger.reader, period: ReportPeriod(first: from, last: to), protocols: protocols, asOf: asOf,
                                            exact: exact, lang: lang, signer: signer,
                                            issue: ReportIssue(office: office, issuedOn: try Retention.today()))
            try report.write(to: out)
            if json {
                Output.json(.object(["out": .string(out), "treeSize": .integer(Int64(report.snapshot.treeSize)),
                                     "rootHash": .string(report.snapshot.rootHash.hex),
                                     "files": .array(report.files.keys.sorted().map { .string($0) })]))
            } else {
                Output.line("wrote the ESF+ indicators for \(from) – \(to) to \(out) from tree size \(report.snapshot.treeSize); open \(out)/report.html")
            }
        }
    }
}
