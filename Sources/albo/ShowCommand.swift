import ArgumentParser
import AlboLog
import Foundation

/// `albo show`: one stored record, its exact canonical bytes.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a stored record's canonical bytes (RFC 8785), on one line.",
        discussion: "In a sealed store personal fields are printed opened when the store's keys can be read; --sealed prints the exact stored bytes. An erased subject's event always prints sealed."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The event's seq (0-based) or its id (UUID).", valueName: "seq|id"))
    var event: String

    @Flag(help: "Print the stored form: personal fields sealed, the exact bytes of the leaf.")
    var sealed = false

    func run() throws {
        CrashGuard.install()
        try runReporting {
            let ledger = try storeOptions.openForReading()
            let printer = RecordPrinter(ledger, sealed: sealed)
            try ledger.reader.read { log in
                let seq = try resolveEvent(event, log)
                guard let raw = try log.recordBytes(seq: seq) else {
                    throw CLIFailure(code: Exit.notFound, message: "no event at seq \(seq)")
                }
                Output.write(try printer.bytes(raw) + [0x0A])
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
