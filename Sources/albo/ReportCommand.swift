import AlboDomain
import AlboLog
import AlboProjections
// Public imports: the ExpressibleByArgument conformances below are on public types.
public import AlboReports
public import ArgumentParser
import Foundation

/// `albo report`: reports computed from the ledger, reproducible from a checkpoint.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write reports whose every figure anyone holding the ledger can reproduce.",
        subcommands: [ReportSemesterCommand.self, ReportEsfCommand.self]
    )

    /// `--store` before the subcommand: the subcommand's own options share this value.
    @OptionGroup var storeOptions: StoreOptions
}

/// `albo report semester`: the semester activity report.
struct ReportSemesterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "semester",
        abstract: "Write the semester activity report: report.html, figures.json, figures.csv, checkpoint, manifest.json.",
        discussion: """
        Figures cover the semester and the five before it (trends); semesters before the activity in \
        scope began (its first protocol's validity or hire) are shown as not applicable. A semester that \
        has not begun, or that ends before the activity began, is refused (exit 64). Counts from 1 to 4 in cells that \
        cross a target group, a referrer, or one desk with one contract kind are published as "< 5" \
        (with secondary suppression) unless --exact. The same command with --as-of the tree size \
        stated in the report gives a byte-identical figures.json.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("The semester: YYYY-H1 (January–June) or YYYY-H2 (July–December).", valueName: "semester"))
    var semester: Semester

    @Option(name: .customLong("protocol"), help: ArgumentHelp("Only this protocol's cases, hires and payments (repeatable; default: all).", valueName: "protocolId"))
    var protocols: [String] = []

    @Option(name: .customLong("desk"), help: ArgumentHelp("Only this desk's cases (repeatable; default: all).", valueName: "desk"))
    var desks: [String] = []

    @Option(help: ArgumentHelp("The report directory: new or empty.", valueName: "dir"))
    var out: String

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The log as of tree size N, or as of a timestamp YYYY-MM-DDTHH:MM:SS.sssZ.", valueName: "N|timestamp"), transform: Parse.asOf)
    var asOf: AsOf?

    @Option(help: ArgumentHelp("A signer key file (from `albo keygen`): adds a signed checkpoint of the report's tree head.", valueName: "file"))
    var key: String?

    @Option(help: ArgumentHelp("The language of report.html (Italian by default).", valueName: "it|en"))
    var lang: ReportLanguage = .it

    @Flag(help: "Publish small counts as they are (internal use only; the report says so on its first page).")
    var exact = false

    @Option(help: ArgumentHelp("The issuing office, printed on the first page and at the top of every printed page.", valueName: "text"))
    var office: String?

    @Option(name: .customLong("date"), help: ArgumentHelp("The date of the document, printed on the first page and at the foot of every printed page (default: today).", valueName: "YYYY-MM-DD"), transform: Parse.date)
    var issuedOn: CivilDate?

    @Flag(help: "Print where the report went as JSON.")
    var json = false

    func run() throws {
        try runReporting {
            let today = try Retention.today()
            try SemesterReport.checkSemester(semester, today: today)
            let signer = try key.map { try KeyFiles.signer($0) }
            try SemesterReport.checkDestination(out)
            try storeOptions.refuseInsideStore(out, what: "report")
            let issue = ReportIssue(office: office.flatMap { $0.isEmpty ? nil : $0 }, issuedOn: issuedOn ?? today, today: today)
            let report = try ProjectedStore.withLedger(storeOptions, upToDate: true) { ledger in
                // The report reads through a `LogReader`: the projections catch up here, if
                // nobody else is writing, as a query's do.
                try ProjectionRunner(store: ledger).catchUp(waitForWriter: false)
                return try SemesterReport.make(reader: ledger.reader, semester: semester, scope: ReportScope(protocols: protocols, desks: desks),
                                        asOf: asOf, exact: exact, lang: lang, signer: signer, issue: issue)
            }
            try report.write(to: out)
            let f = report.figures
            if json {
                Output.json(.object([
                    "out": .string(out), "semester": .string(f.semester.description), "treeSize": .integer(Int64(f.treeSize)),
                    "rootHash": .string(f.rootHashHex), "figures": .integer(Int64(f.figures.count)),
                    "files": .array(report.files.keys.sorted().map { .string($0) }),
                ]))
            } else {
                Output.line("wrote the \(f.semester) report to \(out): \(f.figures.count) figures from tree size \(f.treeSize); open \(out)/report.html")
            }
        }
    }
}

extension Semester: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension ReportLanguage: ExpressibleByArgument {}
