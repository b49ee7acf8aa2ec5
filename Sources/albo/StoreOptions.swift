import ArgumentParser
import AlboLog
import Foundation

/// `--store PATH`, shared by every command that opens a store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store directory.", discussion: "Default: $ALBO_STORE, else ./albo-data.", valueName: "path"))
    var store: String?

    /// The store path after the environment default.
    var path: String {
        store ?? ProcessInfo.processInfo.environment["ALBO_STORE"].flatMap { $0.isEmpty ? nil : $0 } ?? "albo-data"
    }

    /// Opens the existing store (exit 66 when missing).
    func open() throws -> Ledger { try Ledger(path: path) }
}
