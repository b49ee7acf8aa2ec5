import ArgumentParser
import AlboLog
import AlboDomain
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
    /// `scanning`: the command reads the whole log in order (verify, backup, publish), so the
    /// kernel's readahead stays on.
    func openForReading(scanning: Bool = false) throws -> Ledger { try Ledger(path: path, mode: .automatic, readAhead: scanning) }

    /// Opens the existing store read-only whoever may write it: for a command that reads the
    /// log and nothing derived from it.
    func openReadOnly() throws -> Ledger { try Ledger(path: path, mode: .readOnly) }

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

    /// Refuses (64) an output `destination` inside the store: a copy of keys or personal data
    /// there would outlive an erasure (`erase` destroys only the store's own keys).
    func refuseInsideStore(_ destination: String, what: String) throws {
        guard let store = Self.resolved(path) else { return }
        guard let target = Self.resolved(destination) else { return }
        if target == store || target.hasPrefix(store.hasSuffix("/") ? store : store + "/") {
            throw CLIFailure(code: Exit.usage, message: "the \(what) destination \(Excerpt.of(destination, limit: 200)) is inside the store \(path): what is written there would outlive an erasure; choose a directory outside the store")
        }
    }

    /// `path` with every symbolic link resolved, for its deepest existing ancestor (a
    /// destination usually does not exist yet); nil when not even "/" resolves.
    private static func resolved(_ path: String) -> String? {
        func canonical(_ p: String) -> String? {
            guard let raw = realpath(p, nil) else { return nil }
            defer { free(raw) }
            return String(cString: raw)
        }
        var existing = URL(fileURLWithPath: path).standardizedFileURL.path
        var rest: [String] = []
        while true {
            if let found = canonical(existing) { return ([found == "/" ? "" : found] + rest).joined(separator: "/") }
            let url = URL(fileURLWithPath: existing)
            let parent = url.deletingLastPathComponent().path
            guard parent != existing, !parent.isEmpty else { return nil }
            rest.insert(url.lastPathComponent, at: 0)
            existing = parent
        }
    }
}
