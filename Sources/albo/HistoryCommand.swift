import ArgumentParser
import AlboDomain
import AlboLog
import Foundation

/// `albo history`: a stream's events in version order.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a stream's events in order, voided ones marked.",
        discussion: "Streams are protocol:<protocolId>, hire:<hireId> and case:<caseId>."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The stream, e.g. case:TRE-2023-0001.", valueName: "stream"))
    var stream: String

    @Flag(help: "Print a JSON array of the stored records.")
    var json = false

    func run() throws {
        try runReporting {
            let ledger = try storeOptions.open()
            try ledger.env.read { txn in
                let seqs = try ledger.streamSeqs(txn, stream: stream)
                guard !seqs.isEmpty else { throw CLIFailure(code: Exit.notFound, message: "no stream \(stream)") }
                if json {
                    var out: [UInt8] = [UInt8(ascii: "[")]
                    for (i, seq) in seqs.enumerated() {
                        if i > 0 { out.append(UInt8(ascii: ",")) }
                        guard let raw = try ledger.recordBytes(txn, seq: seq) else { throw LedgerCorruption(message: "index names missing seq \(seq)") }
                        out.append(contentsOf: raw)
                    }
                    out.append(contentsOf: [UInt8(ascii: "]"), 0x0A])
                    Output.write(out)
                    return
                }
                var rows: [[String]] = []
                for seq in seqs {
                    guard let raw = try ledger.recordBytes(txn, seq: seq) else { throw LedgerCorruption(message: "index names missing seq \(seq)") }
                    let r = try StoredRecord.parse(raw)
                    let voided = try ledger.voidingSeq(txn, of: seq).map { "voided by seq \($0)" } ?? ""
                    rows.append([String(r.version), String(r.seq), r.recordedAt, r.type.rawValue, r.recordedBy, r.id, voided])
                }
                Output.table(["VERSION", "SEQ", "RECORDED AT", "TYPE", "BY", "ID", ""], rows)
            }
        }
    }
}
