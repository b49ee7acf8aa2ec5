import ArgumentParser
import AlboLog
import Foundation

/// `albo backup`: a consistent hot copy.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent, compacted copy of the store to DEST while others go on appending.",
        discussion: "DEST must not exist or be an empty directory; it is created owner-only (0700/0600). The copy is one LMDB snapshot: a store in its own right."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The destination directory.", valueName: "dest"))
    var dest: String

    func run() throws {
        try runReporting {
            let fm = FileManager.default
            if fm.fileExists(atPath: dest) {
                guard (try? fm.contentsOfDirectory(atPath: dest))?.isEmpty == true else {
                    throw CLIFailure(code: Exit.usage, message: "\(dest) exists and is not an empty directory")
                }
            } else if mkdir(dest, 0o700) != 0 {
                throw CLIFailure(code: Exit.usage, message: "cannot create \(dest): \(String(cString: strerror(errno)))")
            }
            chmod(dest, 0o700)
            let ledger = try storeOptions.openForReading()
            try ledger.copy(to: dest)
            chmod(dest + "/data.mdb", 0o600)
            let copy = try Ledger(path: dest, mode: .readOnly)
            Output.line("backed up \(try copy.size()) events to \(dest)")
        }
    }
}
