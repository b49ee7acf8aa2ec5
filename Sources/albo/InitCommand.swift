import ArgumentParser
import AlboLog
import Foundation

/// `albo init`: create a store and fix its origin.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a store (directory 0700, files 0600) and fix its checkpoint origin."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("The first line of every checkpoint: a schema-less URL-like name.", valueName: "origin"))
    var origin: String = Ledger.defaultOrigin

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        try runReporting {
            let path = storeOptions.path
            if FileManager.default.fileExists(atPath: path + "/data.mdb") {
                throw CLIFailure(code: Exit.usage, message: "a store already exists at \(path); its origin cannot change")
            }
            try storeOptions.checkCreatable()
            let ledger = try Ledger(path: path, create: true, origin: origin, sealed: true)
            // Owner-only even when the directory was there before (`init --store .`).
            guard chmod(path, 0o700) == 0 else {
                throw CLIFailure(code: Exit.notFound, message: "cannot make the store directory \(path) owner-only (0700): \(String(cString: strerror(errno)))")
            }
            if json {
                Output.json(.object(["store": .string(path), "origin": .string(ledger.origin)]))
            } else {
                Output.line("created store \(path) with origin \(ledger.origin)")
            }
        }
    }
}
