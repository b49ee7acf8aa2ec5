import AlboLog
import AlboProjections

/// `verify`'s check of the projections: replay the log into scratch projection databases
/// (a private LMDB environment in the temporary directory holding nothing but them) and
/// compare each projection's digest with the stored one. A rebuild gives the same digest
/// as incremental catch-up (the runner's contract), so any difference is damage. The store
/// is only read, in one read transaction, so the stored digests and the replay see the
/// same log; it is never copied.
enum ProjectionCheck {
    /// The problems found; empty when every projection matches, or a note when they could
    /// not be compared (they are behind the log, which is not damage).
    static func run(_ ledger: Ledger, progress: Progress) throws -> (problems: [VerificationProblem], note: String?) {
        let runner = ProjectionRunner(reader: ledger.reader)
        return try ledger.reader.readProjections { txn in
            let size = txn.log.size
            let statuses = try runner.status(txn)
            guard statuses.allSatisfy({ $0.isCurrent && $0.seq == size }) else {
                let applied = statuses.map { $0.isCurrent ? $0.seq : 0 }.min() ?? 0
                return ([], "projections not compared: they have applied \(applied) of \(size) events (`albo projections` catches them up)")
            }
            let stored = try runner.projections.map { try runner.digest(txn, $0) }
            let replayed = try ProjectionScratch.using { scratch in
                try runner.replayDigests(txn.log, into: scratch) { applied, total in progress.update("projections \(applied)/\(total) events") }
            }
            var problems: [VerificationProblem] = []
            for (i, p) in runner.projections.enumerated() where stored[i] != replayed[i] {
                problems.append(VerificationProblem(seq: nil, check: "projection.digest",
                    message: "projection \(p.name) differs from a replay of the log: its data are damaged; run `albo rebuild \(p.name)`"))
            }
            return (problems, nil)
        }
    }
}
