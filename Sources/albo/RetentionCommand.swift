import ArgumentParser
import AlboDomain
import AlboLog
import AlboProjections
import AlboSealing

/// `albo retention`: the subjects whose retention period has passed.
struct RetentionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "List the subjects whose cases are all closed and whose retention period has passed, by date.",
        discussion: """
        Legal basis: \(RetentionRule.legalBasis). A subject is kept until 31 December of the \
        year of the last payment (a live ClaimPaid) covering one of their placements, else of \
        their last case event, plus the years of their protocols (--protocol-years P=N; \
        --years, default 5, for the others; the longest applies); from the next day \
        `albo erase --expired` erases them. A subject with an open case is never listed; \
        erased subjects are not listed again (`albo erasures` lists them). --on judges another \
        day, to plan ahead.
        """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var retention: RetentionOptions

    @Option(help: ArgumentHelp("The day to judge on (default: today).", valueName: "date"), transform: Parse.date)
    var on: CivilDate?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        try runReporting {
            let day = try on ?? Retention.today()
            let ledger = try storeOptions.openForReading()
            let (entries, keyring) = try Retention.expired(ledger, retention.policy, on: day)
            if json {
                Output.json(.array(entries.map { e in
                    guard case .object(var o) = e.json else { return e.json }
                    if let p = keyring.person(of: e.subject) { o["person"] = .string(p) }
                    return .object(o)
                }))
                return
            }
            Output.line("legal basis: \(RetentionRule.legalBasis); kept until 31 December of the year of the last payment, else of the last case event, plus the protocol's years")
            if !entries.isEmpty {
                Output.table(["KEPT UNTIL", "SUBJECT", "PERSON", "LAST EVENT", "LAST PAID", "YEARS", "CASES"], entries.map {
                    [$0.retainedUntil.description, $0.subject, keyring.person(of: $0.subject) ?? "", $0.lastEventOn.description,
                     $0.lastPaidOn?.description ?? "-", String($0.years), $0.cases.joined(separator: " ")]
                })
            }
            Output.line("total: \(entries.count) subject\(entries.count == 1 ? "" : "s") past retention on \(day)")
        }
    }
}
