import ArgumentParser
import AlboDomain
@_spi(Writing) import AlboLog
import AlboEvidence
import Foundation

/// `albo append`: one NDJSON file, one atomic batch.
struct AppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append a batch of NDJSON events: all of them, or none.",
        discussion: """
        Every violation is reported (line, event id, field, rule, explanation) and nothing is \
        written (exit 65). An id already stored with the same content is skipped as a duplicate; \
        with other content, or on an expectedVersion mismatch, nothing is written (exit 75). \
        A missing store is created with the default origin.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The NDJSON file, or - for standard input.", valueName: "file"))
    var file: String = "-"

    @Flag(help: "Print the result (or the violations) as JSON on standard output.")
    var json = false

    /// Input size from which an append writes through the file mapping: 32 MiB, or
    /// $ALBO_WRITEMAP_MIN_BYTES (a tuning knob; the tests set it to exercise the path).
    static var writeMapThreshold: Int {
        ProcessInfo.processInfo.environment["ALBO_WRITEMAP_MIN_BYTES"].flatMap { Int($0) } ?? 32 << 20
    }

    func run() throws {
        try runReporting {
            let input = file == "-" ? try BatchInput.standardInput() : try BatchInput(path: file)
            if !FileManager.default.fileExists(atPath: storeOptions.path + "/data.mdb") { try storeOptions.checkCreatable() }
            // A big batch keeps its dirty pages in the file mapping (MDB_WRITEMAP), so anonymous
            // memory stays flat however large it is; a small one is faster without.
            let ledger = try Ledger(path: storeOptions.path, create: true, exclusive: true,
                                    writeMap: input.byteCount >= Self.writeMapThreshold, sealed: true)
            let progress = Progress(label: "append")
            let summary: AppendSummary
            do {
                summary = try ledger.writer().append(input, claimRule: ClaimRule(reader: ledger.reader)) { progress.update("\($0) lines") }
                progress.finish()
            } catch let rejected as AppendRejected {
                progress.finish()
                report(rejected)
                throw ExitCode(rejected.isConflict ? Exit.conflict : Exit.invalidInput)
            }
            if json {
                var o: [String: JSONValue] = [
                    "appended": .integer(Int64(summary.appended)), "duplicates": .integer(Int64(summary.duplicates)),
                    "treeSize": .integer(Int64(summary.treeSize)), "rootHash": .string(summary.rootHash.hex),
                ]
                if let f = summary.firstSeq, let l = summary.lastSeq {
                    o["firstSeq"] = .integer(Int64(f))
                    o["lastSeq"] = .integer(Int64(l))
                }
                Output.json(.object(o))
            } else {
                let range = summary.firstSeq.map { " (seq \($0)–\(summary.lastSeq ?? $0))" } ?? ""
                Output.line("appended \(summary.appended) event\(summary.appended == 1 ? "" : "s")\(range), \(summary.duplicates) duplicate\(summary.duplicates == 1 ? "" : "s") skipped; tree size \(summary.treeSize), root \(summary.rootHash.hex)")
            }
        }
    }

    private func report(_ rejected: AppendRejected) {
        for v in rejected.violations { printError(v.description) }
        if rejected.omitted > 0 { printError("… and \(rejected.omitted) more violations") }
        let total = rejected.violations.count + rejected.omitted
        printError("\(total) violation\(total == 1 ? "" : "s"); nothing was written")
        if json {
            let list: [JSONValue] = rejected.violations.map { v in
                var o: [String: JSONValue] = ["line": .integer(Int64(v.line)), "path": .string(v.path), "rule": .string(v.rule), "message": .string(v.message)]
                if let id = v.eventId { o["eventId"] = .string(id) }
                return .object(o)
            }
            Output.json(.object([
                "error": .string(rejected.isConflict ? "conflict" : "invalid-input"),
                "violations": .array(list), "omitted": .integer(Int64(rejected.omitted)),
            ]))
        }
    }
}
