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
        discussion: """
        With --checkpoint and --vkey, also check the checkpoint's signature and that today's log \
        extends it. Unless --log-only, the log is replayed into scratch projection databases \
        under $TMPDIR (the store is only read, never copied) and each projection's digest \
        compared with the stored one (when they are caught up with the log). Damaged storage that LMDB cannot read is reported as damage, never a \
        crash. Exit 0 when all is well, 2 when anything is wrong. Damage to the log itself is         repaired only by restoring a backup (never by `albo rebuild`); damage to a projection         alone, while the log verifies, by `albo rebuild NAME`.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("A signed checkpoint kept from earlier.", valueName: "file"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("The verifier key (the .pub file of `albo keygen`).", valueName: "file"))
    var vkey: String?

    @Option(name: .customLong("witness"), help: ArgumentHelp("A witness verifier key: require its cosignature on the checkpoint (repeatable).", valueName: "vkeyfile"))
    var witnesses: [String] = []

    @Option(help: ArgumentHelp("How many of the --witness cosignatures are required (default: all).", valueName: "n"))
    var quorum: Int?

    @Flag(help: "Print {\"ok\",\"treeSize\",\"rootHash\",\"problems\"} as JSON.")
    var json = false

    @Flag(help: "Check the log only: skip replaying the projections to compare their digests.")
    var logOnly = false

    func validate() throws {
        if (checkpoint == nil) != (vkey == nil) { throw ValidationError("--checkpoint and --vkey go together") }
        if checkpoint == nil, !witnesses.isEmpty || quorum != nil { throw ValidationError("--witness and --quorum check a --checkpoint") }
    }

    func run() throws {
        CrashGuard.install()
        try runReporting {
            var signed: (note: String, verifier: NoteVerifier)?
            if let checkpoint, let vkey {
                signed = (try Self.readCheckpoint(checkpoint), try KeyFiles.verifier(vkey))
            }
            let witnessQuorum = try WitnessQuorum(files: witnesses, quorum: quorum)
            let ledger = try storeOptions.openForReading(scanning: true)
            let progress = Progress(label: "verify")
            var report = try ledger.reader.verify { done, total in progress.update("\(done)/\(total) events") }
            progress.finish()
            if let signed {
                report.problems += try ledger.reader.verify(signedCheckpoint: signed.note, verifier: signed.verifier, logRoot: report.rootHash)
                if let problem = witnessQuorum.problem(in: signed.note) {
                    report.problems.append(VerificationProblem(seq: nil, check: "checkpoint.cosignatures", message: problem))
                }
            }
            if !logOnly && !report.problems.isEmpty {
                // The projections are folded from the log: compared with a replay of a damaged log
                // they would differ, and a rebuild would make the damaged records the truth.
                report.problems.append(VerificationProblem(seq: nil, check: "log.damaged", message: Self.restoreAdvice))
            } else if !logOnly {
                let (problems, note) = try ProjectionCheck.run(ledger, progress: progress)
                progress.finish()
                report.problems += problems
                if let note, !json { printError("note: " + note) }
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

    /// What to do when the log itself is damaged: never a rebuild.
    static let restoreAdvice = "the log itself is damaged (its records, tree or indexes are not what was appended): restore the store from a backup taken before the damage and check the copy with `albo verify --checkpoint`; do not run `albo rebuild`, which would fold the damaged records into the projections as if they were true (the projections were not compared with a replay of the damaged log)"

    /// The signed checkpoint in `path`: 66 when it cannot be read; 65 when it is not shaped
    /// like one at all (empty, not UTF-8, no checkpoint body before the signatures), because
    /// that is the wrong file rather than evidence of tampering. Whether the signature and
    /// the tree match is `verify`'s question (exit 2).
    static func readCheckpoint(_ path: String) throws -> String {
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & S_IFMT != S_IFDIR, let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure(code: Exit.notFound, message: "cannot read checkpoint \(path): no such file, or not a readable file")
        }
        let why: String
        if data.isEmpty {
            why = "the file is empty"
        } else if let note = String(validating: data, as: UTF8.self) {
            guard let split = note.range(of: "\n\n") else {
                throw notACheckpoint(path, "it has no blank line between the checkpoint and its signatures")
            }
            do {
                _ = try Checkpoint(parsing: String(note[..<split.lowerBound]) + "\n")
                return note
            } catch {
                why = Excerpt.of("\(error)", limit: 4 * Excerpt.limit)
            }
        } else {
            why = "it is not UTF-8 text"
        }
        throw notACheckpoint(path, why)
    }

    private static func notACheckpoint(_ path: String, _ why: String) -> CLIFailure {
        CLIFailure(code: Exit.invalidInput, message: "\(path) is not a checkpoint (\(why)); pass the signed note that `albo checkpoint` printed")
    }
}
