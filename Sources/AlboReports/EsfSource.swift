public import AlboLog
import AlboDomain
import AlboSealing
public import Transparency

/// What the ESF+ indicators are computed from: every live case of the scope, read from the
/// case streams themselves (voids applied, sealed fields opened with the store's keys), at
/// one tree size. The projections hold no participant data, so nothing else could serve.
public struct EsfSnapshot: Sendable {
    public var origin: String
    public var treeSize: UInt64
    public var rootHash: TreeHash
    public var checkpointText: String
    public var cases: [EsfCase]

    /// Reads the log at `asOf` (all of it when nil); `protocols` empty means every protocol.
    public static func read(reader: LogReader, protocols: [String], asOf: AsOf?) throws -> EsfSnapshot {
        let keyring = reader.isSealed ? try reader.keyring() : nil
        let scope = Set(protocols)
        return try reader.read { log in
            let size = try log.treeSize(asOf: asOf)
            guard size > 0 else { throw ReportError(.notFound, "the log is empty: append events (`albo append`) before writing a report") }
            for p in scope.sorted() where try log.streamSeqs(StreamName(.protocol, p)).filter({ $0 < size }).isEmpty {
                throw ReportError(.notFound, "no protocol \"\(p)\" is recorded as of tree size \(size); `albo query protocols` lists them")
            }
            var cases: [EsfCase] = []
            try log.forEachStream(.case) { _, all in
                let seqs = all.filter { $0 < size }
                var live: [Payload] = []
                for record in try log.records(seqs: seqs) {
                    if let voiding = try log.voidingSeq(of: record.seq), voiding < size { continue }
                    if case .eventVoided = record.payload { continue }
                    live.append(keyring.map { $0.open(record).record.payload } ?? record.payload)
                }
                guard let c = EsfCase.fold(live) else { return }
                if scope.isEmpty || scope.contains(c.protocolId) { cases.append(c) }
            }
            let checkpoint = try log.checkpoint(size: size)
            return EsfSnapshot(origin: log.origin, treeSize: size, rootHash: checkpoint.rootHash, checkpointText: checkpoint.text,
                               cases: cases.sorted { $0.caseId < $1.caseId })
        }
    }
}
