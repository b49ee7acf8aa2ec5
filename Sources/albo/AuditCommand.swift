import AlboDomain
import AlboNetwork
import AlboPublication
import ArgumentParser
import Foundation
import Transparency

/// `albo audit`: the auditor's and monitor's client of a published log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify a published log (C2SP tlog-tiles) over http(s), file:// or a directory, and that it only grew.",
        discussion: """
        Fetches the checkpoint and only the tiles needed; checks the log's signature, the witness \
        cosignature quorum, that the hash tiles give the checkpoint's root and, with --state, that \
        the log extends the checkpoint verified last time (kept in that file, replaced only after \
        a successful audit). With --entries, every entry added since is hashed and checked against \
        the tiles and the root. A fork, rewrite or shrink exits 2 and prints both checkpoints; an \
        unreachable server exits 69 after the retries.
        """
    )

    @Argument(help: ArgumentHelp("The published log: an http(s):// or file:// URL, or a directory.", valueName: "url|dir"))
    var location: String

    @Option(help: ArgumentHelp("The log's verifier key (the .pub file of `albo keygen`).", valueName: "file"))
    var vkey: String

    @Option(name: .customLong("witness"), help: ArgumentHelp("A witness verifier key file (repeatable).", valueName: "vkeyfile"))
    var witnesses: [String] = []

    @Option(help: ArgumentHelp("How many witness cosignatures are required (default: all witnesses given).", valueName: "n"))
    var quorum: Int?

    @Option(help: ArgumentHelp("The file keeping the last verified checkpoint.", valueName: "file"))
    var state: String?

    @Flag(help: "Check every entry added since the last audit (all entries on the first).")
    var entries = false

    @Option(help: ArgumentHelp("Seconds to wait for each HTTP answer.", valueName: "seconds"))
    var timeout: Int = 10

    @Option(help: ArgumentHelp("Attempts per HTTP request before the server counts as unreachable.", valueName: "n"))
    var attempts: Int = 3

    @Flag(help: "Print {\"origin\",\"treeSize\",\"rootHash\",\"previousSize\",\"entriesChecked\",\"cosigners\"} as JSON.")
    var json = false

    func validate() throws {
        if let quorum, quorum < 0 || quorum > witnesses.count {
            throw ValidationError("--quorum must be between 0 and the number of --witness options (\(witnesses.count))")
        }
        if timeout < 1 || attempts < 1 { throw ValidationError("--timeout and --attempts must be at least 1") }
    }

    func run() throws {
        try runPublication {
            let auditor = Auditor(source: try source(), log: try KeyFiles.verifier(vkey),
                                  witnesses: try witnesses.map(WitnessKeys.verifier), quorum: quorum ?? witnesses.count)
            let store = state.map(AuditState.init)
            let previous = try store?.load()
            let wantEntries = entries
            let report: AuditReport
            do {
                report = try runBlocking { try await auditor.audit(previousNote: previous, entries: wantEntries) }
            } catch let e as AuditInconsistency {
                Output.line("INCONSISTENT: \(e.message)")
                Output.line("--- checkpoint verified before (\(state ?? "state")) ---")
                Output.write(Array(e.previousNote.utf8))
                Output.line("--- checkpoint served now (\(location)) ---")
                Output.write(Array(e.currentNote.utf8))
                throw CLIFailure(code: Exit.verificationFailed, message: "\(location): \(e.message); both checkpoints are printed on standard output as evidence")
            }
            try store?.save(report.current.note)
            let cp = report.current.checkpoint
            if json {
                Output.json(.object([
                    "origin": .string(cp.origin), "treeSize": .integer(cp.size), "rootHash": .string(cp.rootHash.hex),
                    "previousSize": report.previousSize.map { .integer($0) } ?? .null, "entriesChecked": .integer(report.entriesChecked),
                    "cosigners": .array(report.current.cosigners.map { .string($0) }),
                ]))
            } else {
                var line = "ok: \(cp.origin) at \(cp.size) entries, root \(cp.rootHash.hex)"
                if let old = report.previousSize { line += "; extends the \(old) entries verified before" }
                if entries { line += "; \(report.entriesChecked) new entries checked" }
                if !report.current.cosigners.isEmpty { line += "; cosigned by \(report.current.cosigners.joined(separator: ", "))" }
                Output.line(line)
            }
        }
    }

    private func source() throws -> any TileSource {
        if location.hasPrefix("http://") || location.hasPrefix("https://") {
            return HTTPTileSource(base: location, http: HTTPFetch(timeout: Int64(timeout), attempts: attempts))
        }
        let path = location.hasPrefix("file://") ? String(location.dropFirst("file://".count)) : location
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIFailure(code: Exit.notFound, message: "no published log at \(location): not a directory, nor an http(s):// URL")
        }
        return DirectoryTileSource(directory: path)
    }
}
