import ArgumentParser
import AlboDomain
import AlboLog
import Foundation
import Transparency

/// `albo verify`: recompute everything from the stored bytes.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every record, leaf, tree node, index and stream version from the stored bytes.",
        discussion: "With --checkpoint and --vkey, also check the checkpoint's signature and that today's log extends it. Exit 0 when all is well, 2 when anything is wrong."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("A signed checkpoint kept from earlier.", valueName: "file"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("The verifier key (the .pub file of `albo keygen`).", valueName: "file"))
    var vkey: String?

    @Flag(help: "Print {\"ok\",\"treeSize\",\"rootHash\",\"problems\"} as JSON.")
    var json = false

    func validate() throws {
        if (checkpoint == nil) != (vkey == nil) { throw ValidationError("--checkpoint and --vkey go together") }
    }

    func run() throws {
        try runReporting {
            var signed: (note: String, verifier: NoteVerifier)?
            if let checkpoint, let vkey {
                guard let note = try? String(contentsOfFile: checkpoint, encoding: .utf8) else {
                    throw CLIFailure(code: Exit.notFound, message: "cannot read checkpoint \(checkpoint)")
                }
                signed = (note, try KeyFiles.verifier(vkey))
            }
            let ledger = try storeOptions.openForReading()
            let progress = Progress(label: "verify")
            var report = try ledger.verify { done, total in progress.update("\(done)/\(total) events") }
            progress.finish()
            if let signed {
                report.problems += try ledger.verify(signedCheckpoint: signed.note, verifier: signed.verifier)
            }
            if json {
                let problems: [JSONValue] = report.problems.map { p in
                    var o: [String: JSONValue] = ["check": .string(p.check), "message": .string(p.message)]
                    if let s = p.seq { o["seq"] = .integer(Int64(s)) }
                    return .object(o)
                }
                Output.json(.object(["ok": .bool(report.ok), "treeSize": .integer(Int64(report.treeSize)),
                                     "rootHash": .string(report.rootHash.hex), "problems": .array(problems)]))
            } else if report.ok {
                Output.line("ok: \(report.treeSize) events, root \(report.rootHash.hex)" + (signed != nil ? "; the log extends the checkpoint" : ""))
            } else {
                for p in report.problems { Output.line(p.description) }
                Output.line("FAILED: \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s") in \(report.treeSize) events")
            }
            if !report.ok { throw ExitCode(Exit.verificationFailed) }
        }
    }
}
