import ArgumentParser
import AlboDomain
import Foundation

/// The `albo` command line: a verifiable records ledger for employment and inclusion services.
@main
struct AlboCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "albo",
        abstract: "A verifiable, append-only records ledger for municipal employment and social-inclusion services.",
        discussion: """
        The store is an LMDB directory: --store PATH, else $ALBO_STORE, else ./albo-data.

        Exit codes:
          0   success
          2   verification failed: tampering or inconsistency detected
          64  usage error
          65  invalid input: nothing was written
          66  input file or store not found
          69  a service needed (a witness, a URL) is unavailable
          70  internal error
          75  conflict: nothing was written; re-read and retry
        """,
        subcommands: [
            InitCommand.self, AppendCommand.self, ShowCommand.self, HistoryCommand.self,
            QueryCommand.self, ProjectionsCommand.self, RebuildCommand.self,
            KeygenCommand.self, CheckpointCommand.self, ProveCommand.self, VerifyCommand.self,
            ExportCommand.self, VerifyBundleCommand.self, BackupCommand.self,
            ReportCommand.self, EraseCommand.self, ErasuresCommand.self, RetentionCommand.self, ClaimCommand.self,
            PublishCommand.self, AuditCommand.self, WitnessCommand.self,
        ]
    )
}

extension AlboCommand {
    /// ArgumentParser's `main()`, except that no line of a parse error is longer than
    /// `maxMessage`: a typed option quotes the refused value, which may be 128 KiB.
    static func main() {
        // Every command, writers too: damaged storage ends in exit 2, never a signal.
        CrashGuard.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let lines = fullMessage(for: error).split(separator: "\n", omittingEmptySubsequences: false)
            let message = lines.map { Excerpt.of(String($0), limit: maxMessage) }.joined(separator: "\n")
            if !message.isEmpty {
                let handle = code == .success ? FileHandle.standardOutput : FileHandle.standardError
                try? handle.write(contentsOf: Data((message + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}
