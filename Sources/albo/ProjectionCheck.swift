import AlboLog
import AlboProjections
import Foundation

/// `verify`'s check of the projections: replay the log into a private copy of the store and
/// compare each projection's digest with the stored one. A rebuild gives the same digest as
/// incremental catch-up (the runner's contract), so any difference is damage.
enum ProjectionCheck {
    /// The problems found; empty when every projection matches, or a note when they could
    /// not be compared (they are behind the log, which is not damage).
    static func run(_ ledger: Ledger, progress: Progress) throws -> (problems: [VerificationProblem], note: String?) {
        let runner = ProjectionRunner(ledger: ledger)
        let (size, statuses, stored) = try ledger.readProjections { txn in
            (txn.log.size, try runner.status(txn), try runner.projections.map { try runner.digest(txn, $0) })
        }
        guard statuses.allSatisfy({ $0.isCurrent && $0.seq == size }) else {
            let applied = statuses.map { $0.isCurrent ? $0.seq : 0 }.min() ?? 0
            return ([], "projections not compared: they have applied \(applied) of \(size) events (`albo projections` catches them up)")
        }
        let scratch = NSTemporaryDirectory() + "albo-verify-" + UUID().uuidString
        guard mkdir(scratch, 0o700) == 0 else { throw CLIFailure(code: Exit.internalError, message: "cannot create \(scratch) to replay the projections") }
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try ledger.copy(to: scratch)
        let copy = ProjectionRunner(ledger: try Ledger(path: scratch))
        try copy.rebuild { applied, total in progress.update("projections \(applied)/\(total) events") }
        let replayed = try copy.ledger.readProjections { txn in try copy.projections.map { try copy.digest(txn, $0) } }
        var problems: [VerificationProblem] = []
        for (i, p) in runner.projections.enumerated() where stored[i] != replayed[i] {
            problems.append(VerificationProblem(seq: nil, check: "projection.digest",
                message: "projection \(p.name) differs from a replay of the log: its data are damaged; run `albo rebuild \(p.name)`"))
        }
        return (problems, nil)
    }
}
