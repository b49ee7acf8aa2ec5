public import Transparency

/// What an audit verified.
public struct AuditReport: Sendable {
    /// The checkpoint now verified.
    public var current: VerifiedCheckpoint
    /// The tree size verified before (from the state), nil on a first audit.
    public var previousSize: Int64?
    /// How many entries were checked against the tree (with entries).
    public var entriesChecked: Int64 = 0
}

/// Evidence that a log contradicts the checkpoint an auditor verified before.
public struct AuditInconsistency: Error, Sendable {
    /// What is wrong, in a sentence.
    public let message: String
    /// The checkpoint verified before, as kept in the state.
    public let previousNote: String
    /// The checkpoint the log serves now.
    public let currentNote: String
}

/// The auditor's and monitor's client: verifies a published tree, fetching only the tiles it needs.
public struct Auditor: Sendable {
    /// Where the tree is read.
    public let source: any TileSource
    /// The log's key.
    public let log: NoteVerifier
    /// The witnesses whose cosignatures count.
    public let witnesses: [CosignatureVerifier]
    /// How many of them must have cosigned.
    public let quorum: Int

    /// An auditor of the tree at `source`.
    public init(source: any TileSource, log: NoteVerifier, witnesses: [CosignatureVerifier], quorum: Int) {
        self.source = source
        self.log = log
        self.witnesses = witnesses
        self.quorum = quorum
    }

    /// Verifies the served checkpoint, its consistency with `previousNote` (the last verified one)
    /// and, with `entries`, every entry added since; throws `AuditInconsistency` on a fork, rewrite or shrink.
    public func audit(previousNote: String?, entries: Bool) async throws -> AuditReport {
        guard let bytes = try await source.fetch("checkpoint") else {
            throw PublicationError(.notFound, "\(source.location) has no checkpoint: is it a published log?")
        }
        let note = String(decoding: bytes, as: UTF8.self)
        let current = try VerifiedCheckpoint(note: note, log: log, witnesses: witnesses, quorum: quorum, what: "the checkpoint at \(source.location)")
        let cp = current.checkpoint
        var report = AuditReport(current: current)
        var reader = TileHashReader(treeSize: cp.size)
        // The right edge of the served tiles must give the checkpoint's root.
        try await fetchTiles(for: { try MerkleTree.treeHash(size: cp.size, reader: $0) }, into: &reader)
        let root = try MerkleTree.treeHash(size: cp.size, reader: reader)
        guard root == cp.rootHash || cp.size == 0 else {
            throw PublicationError(.inconsistent, "the hash tiles at \(source.location) give root \(root.base64), not the checkpoint's \(cp.rootHash.base64)")
        }
        var fromSize: Int64 = 0
        var fromRoot = MerkleHash.emptyRoot
        if let previousNote {
            let previous = try VerifiedCheckpoint(note: previousNote, log: log, witnesses: [], quorum: 0, what: "the checkpoint in the audit state").checkpoint
            guard previous.origin == cp.origin else {
                throw PublicationError(.usage, "the audit state is for the log \(previous.origin), the server publishes \(cp.origin); use another --state")
            }
            func inconsistent(_ why: String) -> AuditInconsistency {
                AuditInconsistency(message: why, previousNote: previousNote, currentNote: note)
            }
            if cp.size < previous.size { throw inconsistent("the log shrank from \(previous.size) to \(cp.size) entries") }
            if cp.size == previous.size, cp.rootHash != previous.rootHash {
                throw inconsistent("two different trees of \(cp.size) entries are signed by the log key: a fork")
            }
            if cp.size > previous.size {
                try await fetchTiles(for: { try MerkleTree.consistencyProof(from: previous.size, to: cp.size, reader: $0) }, into: &reader)
                let proof = try MerkleTree.consistencyProof(from: previous.size, to: cp.size, reader: reader)
                do {
                    try MerkleTree.verifyConsistency(fromSize: previous.size, toSize: cp.size, proof: proof, fromRoot: previous.rootHash, toRoot: cp.rootHash)
                } catch {
                    throw inconsistent("the tree of \(cp.size) entries does not extend the one of \(previous.size) verified before: a fork or a rewrite (\(error))")
                }
            }
            report.previousSize = previous.size
            fromSize = previous.size
            fromRoot = previous.rootHash
        }
        if entries, cp.size > fromSize {
            report.entriesChecked = try await checkEntries(from: fromSize, fromRoot: fromRoot, checkpoint: cp, reader: &reader)
        }
        return report
    }

    /// Fetches the tiles `computation` reads (found by running it once over an `IndexRecorder`).
    func fetchTiles<R>(for computation: (IndexRecorder) throws -> R, into reader: inout TileHashReader) async throws {
        let recorder = IndexRecorder()
        _ = try computation(recorder)
        let missing = TileHashReader.tiles(for: recorder.indexes, treeSize: reader.treeSize).filter { reader.tiles[$0] == nil }
        for (tile, bytes) in try await fetchAll(Array(missing)) {
            reader.tiles[tile] = try parse { try TileHashReader.parse(bytes, tile: tile) }
        }
    }

    /// Fetches tiles concurrently, several at a time.
    func fetchAll(_ tiles: [Tile]) async throws -> [(Tile, [UInt8])] {
        let source = self.source
        return try await withThrowingTaskGroup(of: (Tile, [UInt8]).self) { group in
            var results: [(Tile, [UInt8])] = []
            var pending = tiles.makeIterator()
            var running = 0
            while true {
                while running < 16, let tile = pending.next() {
                    group.addTask {
                        guard let bytes = try await source.fetch(tile.path) else {
                            throw PublicationError(.inconsistent, "\(source.location) lacks \(tile.path), which its checkpoint needs")
                        }
                        return (tile, bytes)
                    }
                    running += 1
                }
                guard let next = try await group.next() else { break }
                results.append(next)
                running -= 1
            }
            return results
        }
    }

    func parse<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw PublicationError(.inconsistent, "\(source.location): \(error)") }
    }
}
