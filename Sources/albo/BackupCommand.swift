import ArgumentParser
import AlboLog
import Foundation

/// `albo backup`: a consistent hot copy, whole or absent.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent, compacted copy of the store to DEST while others go on appending.",
        discussion: """
        DEST must not exist or be an empty directory, and its parent must exist. The copy is one \
        LMDB snapshot, a store in its own right, owner-only (0700/0600). It is written into a \
        temporary directory beside DEST (.DEST.albo-backup.PID), synced to disk and then \
        renamed to DEST: a backup that is killed leaves no DEST, and the next backup to the \
        same DEST removes what the killed one left.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The destination directory.", valueName: "dest"))
    var dest: String

    func run() throws {
        try runReporting {
            try storeOptions.refuseInsideStore(dest, what: "backup")
            let ledger = try storeOptions.openForReading(scanning: true)
            try ledger.reader.backup(to: dest)
            let copy = try Ledger(path: dest, mode: .readOnly)
            Output.line("backed up \(try copy.reader.size()) events to \(dest)")
        }
    }
}
