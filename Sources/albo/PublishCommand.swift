import AlboLog
import AlboNetwork
import AlboPublication
import ArgumentParser
import Foundation
import Transparency

/// `albo publish`: the log as a C2SP tlog-tiles tree for static servers and buckets.
struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish the log as C2SP tlog-tiles (checkpoint, hash tiles, entry bundles) in a directory.",
        discussion: """
        Writes only what is new since the last publication in DIR: a full tile once written never \
        changes. The checkpoint is replaced last, atomically, after every tile is on disk. With \
        --witness URL=VKEYFILE (repeatable) and --quorum N, the checkpoint is sent to each witness \
        (C2SP tlog-witness) and published only with at least N valid cosignatures; otherwise \
        nothing is replaced and the exit code is 69. Serve DIR with any static HTTP server or \
        sync it to a bucket: see docs/publication.md.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("The directory to publish into (created if missing).", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("The log's signer key file (from `albo keygen`).", valueName: "file"))
    var key: String

    @Flag(help: "Also publish entry bundles: every stored record's exact bytes (sealed fields stay sealed).")
    var entries = false

    @Option(name: .customLong("witness"), help: ArgumentHelp("A witness: its URL and verifier key file, URL=VKEYFILE (repeatable).", valueName: "url=vkeyfile"))
    var witnesses: [String] = []

    @Option(help: ArgumentHelp("How many witness cosignatures the checkpoint needs (default: all witnesses given).", valueName: "n"))
    var quorum: Int?

    @Option(help: ArgumentHelp("Seconds to wait for each witness answer.", valueName: "seconds"))
    var timeout: Int = 10

    @Flag(help: "Print {\"treeSize\",\"rootHash\",\"previousSize\",\"hashTiles\",\"entryBundles\",\"cosignatures\"} as JSON.")
    var json = false

    func validate() throws {
        if let quorum, quorum < 0 || quorum > witnesses.count {
            throw ValidationError("--quorum must be between 0 and the number of --witness options (\(witnesses.count))")
        }
        if timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
    }

    func run() throws {
        try runPublication {
            let signer = try KeyFiles.signer(key)
            let witnessList = try witnesses.map(WitnessKeys.witness)
            let directory = try TileDirectory(path: out)
            let ledger = try storeOptions.openForReading(scanning: true)
            let (tiles, note, cosigners) = try ledger.reader.read { log -> (PublishedTiles, String, [String]) in
                let tiles = try TilePublisher.writeTiles(of: log, to: directory, entries: entries)
                var note = try signer.sign(text: tiles.checkpoint.text)
                var cosigners: [String] = []
                if !witnessList.isEmpty {
                    let collected = try WitnessCollection.collect(
                        note: note, checkpoint: tiles.checkpoint, witnesses: witnessList, quorum: quorum ?? witnessList.count,
                        http: HTTPFetch(timeout: Int64(timeout)), guess: tiles.previousSize
                    ) { old in try log.consistencyProof(from: UInt64(old)).hashes }
                    note += collected.lines.joined()
                    cosigners = collected.names
                }
                return (tiles, note, cosigners)
            }
            directory.sync()
            try directory.replaceCheckpoint(note)
            let cp = tiles.checkpoint
            if json {
                Output.json(.object([
                    "treeSize": .integer(cp.size), "rootHash": .string(cp.rootHash.hex), "previousSize": .integer(tiles.previousSize),
                    "hashTiles": .integer(Int64(tiles.hashTiles)), "entryBundles": .integer(Int64(tiles.entryBundles)),
                    "cosignatures": .array(cosigners.map { .string($0) }),
                ]))
            } else {
                Output.line("published \(cp.size) events (\(cp.size - tiles.previousSize) new), root \(cp.rootHash.hex): \(tiles.hashTiles) hash tiles, \(tiles.entryBundles) entry bundles written"
                            + (cosigners.isEmpty ? "" : "; cosigned by \(cosigners.joined(separator: ", "))"))
            }
        }
    }
}
