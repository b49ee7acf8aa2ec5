import ArgumentParser
import AlboDomain
import AlboLog
import AlboProjections

/// `albo query …`: current-state and as-of queries over the projections.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Query the projections: cases, outcomes, protocols, hires, traineeships, desks.",
        discussion: """
        Every query first applies any event the projections have not seen, so it is never
        stale, except that it never waits: while another process writes the store (an append,
        a rebuild), or when the store is read-only (an auditor's copy, a read-only medium),
        it answers from the projections as last applied and says so on stderr. A read-only store
        whose projections were never built is answered from a private temporary copy.
        --as-of N shows the ledger after its first N events; --as-of TIMESTAMP (UTC,
        2023-10-31T23:59:59.999Z) the events recorded at or before it. Voided events count as
        never recorded, unless the void itself came after the as-of point.
        """,
        subcommands: [
            QueryCasesCommand.self, QueryCaseCommand.self, QueryOutcomesCommand.self, QueryProtocolsCommand.self,
            QueryHiresCommand.self, QueryTraineeshipsCommand.self, QueryDesksCommand.self,
        ]
    )

    /// `--store` before the subcommand: the subcommand's own options share this value.
    @OptionGroup var storeOptions: StoreOptions
}

/// `--store`, `--as-of` and `--json`, shared by every query.
struct QueryOptions: ParsableArguments {
    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Show the ledger at tree size N, or as recorded at a UTC timestamp.", valueName: "N|timestamp"), transform: Parse.asOf)
    var asOf: AsOf?

    @Flag(help: "Print the result as JSON.")
    var json = false

    /// Opens the store, catches the projections up and runs `body` over one consistent view.
    func run(_ body: (ProjectionView) throws -> Void) throws {
        CrashGuard.install()
        try runReporting {
            try ProjectedStore.withLedger(storeOptions, upToDate: false) { ledger in
                let runner = try ProjectionRunner(store: ledger)
                let progress = Progress(label: "projections")
                try runner.read(asOf: asOf, progress: { applied, size in progress.update("\(applied)/\(size) events") }) { view in
                    progress.finish()
                    if view.isBehind {
                        printError("note: showing the projections at tree size \(view.size), not \(view.requestedSize): "
                            + (ledger.isReadOnly ? "the store is read-only, so they cannot catch up (run the query on a writable copy, or `albo rebuild` there)"
                                                 : "another process is writing the store; run the query again when it is done"))
                    }
                    try body(view)
                }
            }
        }
    }
}
