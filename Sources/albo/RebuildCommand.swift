import ArgumentParser
import AlboDomain
import AlboProjections
import Foundation

/// `albo rebuild [NAME]`: recompute projections from the log.
struct RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Clear projections (all, or NAME) and replay the whole log into them."
    )

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp("One projection (see `albo projections`); all when omitted.", valueName: "name")) var name: String?
    @Flag(help: "Print {\"events\",\"milliseconds\",\"projections\":[{\"name\",\"version\",\"seq\",\"digest\"}]}.") var json = false

    func run() throws {
        try runReporting {
            if let name, ProjectionRegistry.named(name) == nil {
                throw CLIFailure(code: Exit.usage, message: "no projection \"\(name)\": use one of \(ProjectionRegistry.all.map(\.name).joined(separator: ", "))")
            }
            let runner = try ProjectionRunner(store: storeOptions.open())
            let progress = Progress(label: "rebuild")
            let start = Date()
            let events = try runner.rebuild(name.map { [$0] }) { applied, size in progress.update("\(applied)/\(size) events") }
            let seconds = Date().timeIntervalSince(start)
            progress.finish()
            let chosen = runner.projections.filter { name == nil || $0.name == name }
            let rows = try runner.reader.readProjections { txn in
                let statuses = try runner.status(txn)
                return try chosen.map { p in (p, statuses.first { $0.name == p.name }?.seq ?? 0, try runner.digest(txn, p)) }
            }
            if json {
                return Output.json(.object([
                    "events": .integer(Int64(events)), "milliseconds": .integer(Int64(seconds * 1000)),
                    "projections": .array(rows.map { p, seq, d in
                        .object(["name": .string(p.name), "version": .integer(Int64(p.version)), "seq": .integer(Int64(seq)), "digest": .string(d)])
                    }),
                ]))
            }
            let rate = seconds > 0 ? Int(Double(events) / seconds) : 0
            Output.line("rebuilt \(chosen.map(\.name).joined(separator: ", ")) from \(events) events in \(String(format: "%.2f", seconds)) s (\(rate) events/s)")
            Output.table(["NAME", "VERSION", "SEQ", "DIGEST"], rows.map { p, seq, d in [p.name, String(p.version), String(seq), d] })
        }
    }
}
