import ArgumentParser
import AlboDomain
import AlboLog
import Foundation
import Transparency

/// `albo prove`: RFC 9162 inclusion and consistency proofs.
struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Print an RFC 9162 inclusion proof (SEQ|ID) or a consistency proof (--consistency OLD [NEW]).",
        discussion: "Hashes are lowercase hex; any RFC 9162 / RFC 6962 verifier accepts them with the leaf index and tree size."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The event (seq or id); with --consistency, the new tree size (default: the whole log).", valueName: "seq|id|new"))
    var target: String?

    @Option(help: ArgumentHelp("The tree size of the inclusion proof (default: the whole log).", valueName: "n"))
    var size: UInt64?

    @Option(help: ArgumentHelp("Prove that the tree of this size is a prefix of the newer one.", valueName: "old"))
    var consistency: UInt64?

    @Flag(help: "Print the proof as JSON.")
    var json = false

    func validate() throws {
        if consistency == nil && target == nil { throw ValidationError("give an event (seq or id), or --consistency OLD [NEW]") }
        if consistency != nil, let t = target, UInt64(t) == nil { throw ValidationError("with --consistency, the argument is the new tree size") }
        if consistency != nil && size != nil { throw ValidationError("--size goes with an inclusion proof; with --consistency give NEW as the argument") }
    }

    func run() throws {
        CrashGuard.install()
        try runReporting {
            try storeOptions.openForReading().reader.read { log in
                if let old = consistency {
                    print(try log.consistencyProof(from: old, to: target.flatMap(UInt64.init)))
                } else if let target {
                    print(try log.inclusionProof(seq: try resolveEvent(target, log), size: size))
                }
            }
        }
    }

    private func print(_ p: InclusionProof) {
        if json {
            Output.json(.object(["seq": .integer(Int64(p.seq)), "treeSize": .integer(Int64(p.treeSize)), "leafHash": .string(p.leafHash.hex),
                                 "rootHash": .string(p.rootHash.hex), "hashes": .array(p.hashes.map { .string($0.hex) })]))
        } else {
            Output.line("inclusion of seq \(p.seq) in tree size \(p.treeSize)")
            Output.line("leaf  \(p.leafHash.hex)")
            Output.line("root  \(p.rootHash.hex)")
            for (i, h) in p.hashes.enumerated() { Output.line("\(String(i).padding(toLength: 4, withPad: " ", startingAt: 0))  \(h.hex)") }
        }
    }

    private func print(_ p: ConsistencyProof) {
        if json {
            Output.json(.object(["fromSize": .integer(Int64(p.fromSize)), "toSize": .integer(Int64(p.toSize)), "fromRoot": .string(p.fromRoot.hex),
                                 "toRoot": .string(p.toRoot.hex), "hashes": .array(p.hashes.map { .string($0.hex) })]))
        } else {
            Output.line("consistency of tree size \(p.fromSize) with \(p.toSize)")
            Output.line("from  \(p.fromRoot.hex)")
            Output.line("to    \(p.toRoot.hex)")
            for (i, h) in p.hashes.enumerated() { Output.line("\(String(i).padding(toLength: 4, withPad: " ", startingAt: 0))  \(h.hex)") }
        }
    }
}
