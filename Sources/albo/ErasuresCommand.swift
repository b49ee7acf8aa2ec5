import ArgumentParser
import AlboDomain
import AlboLog

/// `albo erasures`: the register of erasures, for the data-protection officer.
struct ErasuresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erasures",
        abstract: "List every recorded erasure (seq, subject, reason, when, by whom), in log order.",
        discussion: """
        The register of erasures for the data-protection officer: one line per SubjectErased \\
        event. It names subjects by their reference only: an erasure leaves no link from a \\
        subject to the person reference it had.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Flag(help: "Print the register as JSON: an array of {seq, subject, reason, recordedAt, recordedBy}.")
    var json = false

    func run() throws {
        try runReporting {
            let ledger = try storeOptions.openForReading()
            let records = try ledger.reader.read { log in
                var seqs: [UInt64] = []
                try log.forEachStream(.subject) { _, s in seqs += s }
                return try seqs.sorted().map { try log.record(seq: $0) }
            }
            var rows: [(seq: UInt64, erased: SubjectErased, at: String, by: String)] = []
            for r in records {
                guard case .subjectErased(let e) = r.payload else { continue }
                rows.append((r.seq, e, r.recordedAt, r.recordedBy))
            }
            if json {
                Output.json(.array(rows.map { row in
                    .object(["seq": .integer(Int64(row.seq)), "subject": .string(row.erased.subject), "reason": .string(row.erased.reason),
                             "recordedAt": .string(row.at), "recordedBy": .string(row.by)])
                }))
                return
            }
            if !rows.isEmpty {
                Output.table(["SEQ", "RECORDED AT", "RECORDED BY", "SUBJECT", "REASON"],
                             rows.map { [String($0.seq), $0.at, $0.by, $0.erased.subject, $0.erased.reason] })
            }
            Output.line("total: \(rows.count) erasure\(rows.count == 1 ? "" : "s")")
        }
    }
}
