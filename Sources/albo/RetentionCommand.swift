import ArgumentParser
import AlboDomain
import AlboLog
import AlboProjections
import AlboSealing

/// `albo retention`: the subjects whose retention period has passed.
struct RetentionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "List the subjects whose cases are all closed and whose retention period has passed.",
        discussion: """
        A subject is kept until 31 December of the year of their last case event plus --years \
        (EU Reg. 2021/1060 art. 82: five years); from the next day `albo erase --expired` erases \
        them. A subject with an open case is never listed; erased subjects are not listed again.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("Years kept after the year of the last case event.", valueName: "n"))
    var years: Int = 5

    @Option(help: ArgumentHelp("The day to judge on (default: today).", valueName: "date"))
    var on: CivilDate?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        guard (0...100).contains(years) else { throw ValidationError("--years must be between 0 and 100") }
    }

    func run() throws {
        try runReporting {
            let day = try on ?? Retention.today()
            let ledger = try storeOptions.openForReading()
            let (entries, keyring) = try Retention.expired(ledger, years: years, on: day)
            if json {
                Output.json(.array(entries.map { e in
                    guard case .object(var o) = e.json else { return e.json }
                    if let p = keyring.person(of: e.subject) { o["person"] = .string(p) }
                    return .object(o)
                }))
            } else {
                Output.table(["SUBJECT", "PERSON", "LAST EVENT", "KEPT UNTIL", "CASES"], entries.map {
                    [$0.subject, keyring.person(of: $0.subject) ?? "", $0.lastEventOn.description, $0.retainedUntil.description,
                     $0.cases.joined(separator: " ")]
                })
            }
        }
    }
}

/// The retention listing both `retention` and `erase --expired` use.
enum Retention {
    /// Today, as a calendar date (UTC).
    static func today() throws -> CivilDate {
        guard let day = CivilDate(String(Timestamp.now().prefix(10))) else {
            throw CLIFailure(code: Exit.internalError, message: "the clock gives no calendar date")
        }
        return day
    }

    /// The expired subjects of a sealed store, and its keys (exit 64 on an unsealed store).
    static func expired(_ ledger: Ledger, years: Int, on day: CivilDate) throws -> ([RetentionEntry], Keyring) {
        guard ledger.isSealed else {
            throw CLIFailure(code: Exit.usage, message: "the store at \(ledger.path) does not seal personal fields (it was created before sealing): it has no subjects to keep or erase")
        }
        let keyring = try ledger.keyFile.load()
        let entries = try ProjectionRunner(ledger: ledger).read(asOf: nil) { view in
            try view.expiredSubjects(years: years, on: day)
        }
        return (entries, keyring)
    }
}
