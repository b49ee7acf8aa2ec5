import ArgumentParser
import AlboLog
import Foundation

/// `--store PATH`, shared by every command that opens a store. A command group declares it
/// too, so that it may come before the subcommand (`albo query --store S outcomes`): the
/// parser gives one decoded value of this type to the group and to its subcommand.
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

    /// Checks, before a store is created at `path`, that it can be: the path is a directory or
    /// does not exist yet (64 when it is a file), and its parent exists (66 when not: albo
    /// creates the store's own directory, never missing parents).
    func checkCreatable() throws {
        let path = self.path
        var st = stat()
        if stat(path, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else {
                throw CLIFailure(code: Exit.usage, message: "\(path) is a file, not a directory: a store is a directory; choose another --store")
            }
            return
        }
        let dir = PathName(path).parent
        guard stat(dir, &st) == 0 else {
            throw CLIFailure(code: Exit.notFound, message: "cannot create the store \(path): its parent directory \(dir) does not exist; create it first")
        }
        guard st.st_mode & S_IFMT == S_IFDIR else {
            throw CLIFailure(code: Exit.usage, message: "cannot create the store \(path): \(dir) is not a directory")
        }
    }
}
