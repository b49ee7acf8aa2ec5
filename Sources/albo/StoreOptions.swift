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

    /// Opens the existing store to write it (exit 66 when missing).
    func open() throws -> Ledger { try Ledger(path: path) }

    /// Opens the existing store to read it: read-write when this user may write it (so
    /// projections can catch up), read-only otherwise (a copy, a read-only medium).
    func openForReading() throws -> Ledger { try Ledger(path: path, mode: .automatic) }
}
