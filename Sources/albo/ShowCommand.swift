import ArgumentParser
import AlboLog
import Foundation

/// `albo show`: one stored record, its exact canonical bytes.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a stored record's exact canonical bytes (RFC 8785), on one line."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The event's seq (0-based) or its id (UUID).", valueName: "seq|id"))
    var event: String

    func run() throws {
        CrashGuard.install()
        try runReporting {
            try storeOptions.openForReading().read { log in
                let seq = try resolveEvent(event, log)
                guard let raw = try log.recordBytes(seq: seq) else {
                    throw CLIFailure(code: Exit.notFound, message: "no event at seq \(seq)")
                }
                Output.write(Array(raw) + [0x0A])
            }
        }
    }
}

/// Turns `SEQ|ID` into a seq that exists (exit 66 otherwise).
func resolveEvent(_ text: String, _ log: LogSnapshot) throws -> UInt64 {
    let size = log.size
    if let seq = UInt64(text) {
        guard seq < size else { throw CLIFailure(code: Exit.notFound, message: "no event at seq \(seq): the log holds \(size) event\(size == 1 ? "" : "s") (seq 0–\(Int64(size) - 1))") }
        return seq
    }
    guard let seq = try log.seq(id: text) else {
        throw CLIFailure(code: Exit.notFound, message: "no event with id \(text)")
    }
    return seq
}
