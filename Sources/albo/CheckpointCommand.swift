import ArgumentParser
import AlboLog
import Foundation
import Transparency

/// `albo checkpoint`: a signed C2SP checkpoint of the log.
struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Print a signed C2SP tlog-checkpoint (origin, size, base64 root) as a signed note.",
        discussion: "Keep it somewhere the operator cannot change; `albo verify --checkpoint` later proves the log still extends it."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("The signer key file written by `albo keygen`.", valueName: "file"))
    var key: String

    @Option(help: ArgumentHelp("The tree size to sign (default: the whole log).", valueName: "n"))
    var size: UInt64?

    func run() throws {
        try runReporting {
            let signer = try KeyFiles.signer(key)
            let note = try storeOptions.openForReading().reader.read { log -> String in
                try signer.sign(text: try log.checkpoint(size: size).text)
            }
            Output.write(Array(note.utf8))
        }
    }
}
