import AlboDomain
import AlboEvidence
import ArgumentParser
import Foundation
import Transparency

/// `albo verify-bundle`: checks an evidence bundle offline, with nothing but its files and a verifier key.
struct VerifyBundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-bundle",
        abstract: "Verify a payment evidence bundle offline. Exit 0, or 2 on any problem.",
        discussion: """
        Checks the manifest, the checkpoint's signature, every event's canonical bytes and inclusion \
        proof, that the protocol and each listed case stream are complete, and recomputes \
        payments.csv, rejected.csv and summary.json from events.ndjson. Needs no store.
        """
    )

    @Argument(help: ArgumentHelp("The bundle directory.", valueName: "dir"))
    var directory: String

    @Option(help: ArgumentHelp("The verifier key file (name+keyid+base64), e.g. the .pub `albo keygen` writes.", valueName: "file"))
    var vkey: String

    @Option(name: .customLong("witness"), help: ArgumentHelp("A witness verifier key: require its cosignature on the bundle's checkpoint (repeatable).", valueName: "vkeyfile"))
    var witnesses: [String] = []

    @Option(help: ArgumentHelp("How many of the --witness cosignatures are required (default: all).", valueName: "n"))
    var quorum: Int?

    @Flag(help: "Print {\"ok\",\"events\",\"eligible\",\"rejected\",\"totalCents\",\"treeSize\",\"rootHash\",\"problems\"} as JSON.")
    var json = false

    func run() throws {
        try runReporting {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CLIFailure(code: Exit.notFound, message: "no bundle directory \(directory)")
            }
            let verifier = try KeyFiles.verifier(vkey)
            let witnessQuorum = try WitnessQuorum(files: witnesses, quorum: quorum)
            let note = FileManager.default.contents(atPath: directory + "/" + BundleFile.checkpoint).map { String(decoding: $0, as: UTF8.self) } ?? ""
            if let problem = witnessQuorum.problem(in: note) {
                printError("checkpoint: \(problem)")
                printError("bundle NOT verified: 1 problem")
                if json { Output.json(.object(["ok": .bool(false), "problems": .array([.string("checkpoint: " + problem)])])) }
                throw ExitCode(Exit.verificationFailed)
            }
            switch BundleVerifier.verify(directory: directory, verifier: verifier) {
            case .success(let r):
                if json {
                    Output.json(.object([
                        "ok": .bool(true), "events": .integer(Int64(r.events)), "eligible": .integer(Int64(r.eligible)),
                        "rejected": .integer(Int64(r.rejected)), "totalCents": .integer(r.totalCents),
                        "treeSize": .integer(Int64(r.treeSize)), "rootHash": .string(r.rootHash.hex), "problems": .array([]),
                    ]))
                } else {
                    for check in r.checks { Output.line("ok  " + check) }
                    Output.line("bundle OK: \(r.events) events, \(r.eligible) eligible, \(r.rejected) rejected, total \(Euro.format(r.totalCents))")
                }
            case .failure(let failure):
                for p in failure.problems { printError(p.description) }
                printError("bundle NOT verified: \(failure.problems.count) problem\(failure.problems.count == 1 ? "" : "s")")
                if json {
                    Output.json(.object(["ok": .bool(false), "problems": .array(failure.problems.map { .string($0.description) })]))
                }
                throw ExitCode(Exit.verificationFailed)
            }
        }
    }
}
