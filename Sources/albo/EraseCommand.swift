import ArgumentParser
import AlboDomain
import AlboLog
import AlboProjections
import Foundation

/// `albo erase`: make a data subject's personal data unreadable for good.
struct EraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a data subject for good: destroy their sealing key and record a SubjectErased event.",
        discussion: """
        --person P erases one subject (on request, where no legal obligation to keep holds); \
        --expired erases every subject `albo retention` lists. The erasure is recorded as a \
        SubjectErased event on stream subject:<reference> that holds no personal data (the \
        subject reference, the reason, who and when). Counts stay what they were; where the \
        subject's personal data were, queries show "erased". Idempotent: an erased or unknown \
        person is reported and nothing is written. --dry-run lists what would go.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("The person reference (the `person` of their cases).", valueName: "person"))
    var person: String?

    @Flag(help: "Erase every subject whose retention period has passed.")
    var expired = false

    @Option(help: ArgumentHelp("Why (recorded in the log: write no personal data here).", valueName: "text"))
    var reason: String?

    @Option(help: ArgumentHelp("With --expired: years kept after the year of the last case event.", valueName: "n"))
    var years: Int = 5

    @Option(help: ArgumentHelp("With --expired: the day to judge on (default: today).", valueName: "date"))
    var on: CivilDate?

    @Option(name: .customLong("recorded-by"), help: ArgumentHelp("The operator recording the erasure (default: $USER).", valueName: "operator"))
    var recordedBy: String?

    @Flag(name: .customLong("dry-run"), help: "List what would be erased; change nothing.")
    var dryRun = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard (person != nil) != expired else { throw ValidationError("give either --person P or --expired") }
        if person != nil && reason == nil { throw ValidationError("--person needs --reason TEXT: why the subject is erased") }
        if let reason, reason.trimmingCharacters(in: .whitespaces).isEmpty || reason.count > 500 || reason.contains("\n") {
            throw ValidationError("--reason must be one line of 1 to 500 characters")
        }
        if let recordedBy, recordedBy.isEmpty || recordedBy.count > 64 { throw ValidationError("--recorded-by must be 1 to 64 characters") }
        guard (0...100).contains(years) else { throw ValidationError("--years must be between 0 and 100") }
    }

    private var operatorName: String {
        recordedBy ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : String($0.prefix(64)) } ?? "albo-erase"
    }

    func run() throws {
        try runReporting {
            let day = on
            let ledger = try Ledger(path: storeOptions.path, exclusive: !dryRun)
            guard ledger.isSealed else {
                throw CLIFailure(code: Exit.usage, message: "the store at \(ledger.path) was created before personal fields were sealed: its records hold personal data in clear, and erasing cannot reach them without rewriting the log")
            }
            // Per subject: the reason recorded, and the cases it had (for the listing).
            var targets: [(subject: String, reason: String, cases: [String])] = []
            if let person {
                guard let subject = try ledger.subject(ofPerson: person) else {
                    printError("nothing to erase: \(person) is not a subject of this store (never recorded, or already erased)")
                    if json { Output.json(.object(["erased": .array([]), "dryRun": .bool(dryRun)])) }
                    return
                }
                let cases = try ProjectionRunner(ledger: ledger).read(asOf: nil) { view in try view.cases(ofSubject: subject).map(\.caseId) }
                targets = [(subject, reason ?? "", cases)]
            } else {
                let (entries, _) = try Retention.expired(ledger, years: years, on: day ?? (try Retention.today()))
                targets = entries.map { ($0.subject, reason ?? "retention period of \(years) years ended on \($0.retainedUntil)", $0.cases) }
            }
            var listed: [JSONValue] = []
            if dryRun {
                for target in targets {
                    let events = try ledger.read { log in try target.cases.flatMap { try log.streamSeqs(StreamName(.case, $0)) } }
                    listed.append(.object(["subject": .string(target.subject), "cases": .array(target.cases.map(JSONValue.string)),
                                           "events": .array(events.map { .integer(Int64($0)) })]))
                    if !json { Output.line("would erase \(target.subject): cases \(target.cases.joined(separator: " ")); events (seq) \(events.map(String.init).joined(separator: " "))") }
                }
            } else {
                // A chunk is one batch of SubjectErased events and one rewrite of the keys file.
                var done = 0
                for chunk in stride(from: 0, to: targets.count, by: 500).map({ targets[$0..<min($0 + 500, targets.count)] }) {
                    let results = try ledger.erase(chunk.map { ($0.subject, $0.reason) }, recordedBy: operatorName)
                    for (target, result) in zip(chunk, results) {
                        var entry: [String: JSONValue] = ["subject": .string(target.subject), "cases": .array(target.cases.map(JSONValue.string))]
                        if let seq = result.recordedSeq { entry["seq"] = .integer(Int64(seq)) }
                        listed.append(.object(entry))
                        if !json {
                            Output.line("erased \(target.subject): cases \(target.cases.joined(separator: " ")); key destroyed"
                                + (result.recordedSeq.map { "; SubjectErased at seq \($0)" } ?? ""))
                        }
                    }
                    done += chunk.count
                    if expired { printError("erase: \(done)/\(targets.count) subjects") }
                }
            }
            if targets.isEmpty && !json { Output.line("nothing to erase") }
            if json { Output.json(.object(["erased": .array(listed), "dryRun": .bool(dryRun)])) }
        }
    }
}
