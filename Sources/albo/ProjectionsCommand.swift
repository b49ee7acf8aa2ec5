import ArgumentParser
import AlboDomain
import AlboLog
import AlboProjections

/// `albo projections`: each projection's name, version, applied tree size and state digest.
struct ProjectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projections",
        abstract: "List projections with their version, applied tree size (seq) and SHA-256 state digest."
    )

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print an array of {\"name\",\"version\",\"seq\",\"digest\"}.") var json = false

    func run() throws {
        CrashGuard.install()
        try runReporting {
            let runner = try ProjectionRunner(store: storeOptions.openForReading())
            let progress = Progress(label: "projections")
            let caughtUp = try runner.catchUp(waitForWriter: false) { applied, size in progress.update("\(applied)/\(size) events") }
            progress.finish()
            if caughtUp == nil { noteProjectionsBehind(runner.reader) }
            let rows = try runner.reader.readProjections { txn in
                try zip(runner.projections, try runner.status(txn)).map { p, s in (s, try runner.digest(txn, p)) }
            }
            if json {
                return Output.json(.array(rows.map { s, d in
                    .object(["name": .string(s.name), "version": .integer(Int64(s.version)), "seq": .integer(Int64(s.seq)), "digest": .string(d)])
                }))
            }
            Output.table(["NAME", "VERSION", "SEQ", "DIGEST"], rows.map { s, d in [s.name, String(s.version), String(s.seq), d] })
        }
    }
}

/// Says on stderr that projections could not catch up, and why.
func noteProjectionsBehind(_ ledger: LogReader) {
    printError("note: the projections could not catch up with the log: "
        + (ledger.isReadOnly ? "the store is read-only" : "another process is writing the store; run again when it is done"))
}
