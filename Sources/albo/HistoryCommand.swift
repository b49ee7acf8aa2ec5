import ArgumentParser
import AlboDomain
import AlboLog
import Foundation

/// `albo history`: a stream's events in version order.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a stream's events in order, voided ones marked.",
        discussion: "Streams are protocol:<protocolId>, hire:<hireId>, case:<caseId> and subject:<subject> (an erasure)."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The stream, e.g. case:TRE-2023-0001.", valueName: "stream"))
    var stream: String

    @Flag(help: "Print a JSON array of the stored records.")
    var json = false

    @Flag(help: "With --json, print the stored form: personal fields sealed.")
    var sealed = false

    func run() throws {
        CrashGuard.install()
        try runReporting {
            guard let name = StreamName(stream) else {
                throw CLIFailure(code: Exit.usage, message: "\"\(stream.prefix(80))\" is not a stream: use protocol:<protocolId>, hire:<hireId>, case:<caseId> or subject:<subject>")
            }
            let ledger = try storeOptions.openForReading()
            let printer = RecordPrinter(ledger, sealed: sealed || !json)
            try ledger.reader.read { log in
                let seqs = try log.streamSeqs(name)
                guard !seqs.isEmpty else { throw CLIFailure(code: Exit.notFound, message: "no stream \(name)") }
                if json {
                    var out: [UInt8] = [UInt8(ascii: "[")]
                    for (i, seq) in seqs.enumerated() {
                        if i > 0 { out.append(UInt8(ascii: ",")) }
                        guard let raw = try log.recordBytes(seq: seq) else { throw LogError(.corrupt, "index names missing seq \(seq)") }
                        out.append(contentsOf: try printer.bytes(raw))
                    }
                    out.append(contentsOf: [UInt8(ascii: "]"), 0x0A])
                    Output.write(out)
                    return
                }
                var rows: [[String]] = []
                for seq in seqs {
                    let r = try log.record(seq: seq)
                    let voided = try log.voidingSeq(of: seq).map { "voided by seq \($0)" } ?? ""
                    rows.append([String(r.version), String(r.seq), r.recordedAt, r.type.rawValue, r.recordedBy, r.id, voided])
                }
                Output.table(["VERSION", "SEQ", "RECORDED AT", "TYPE", "BY", "ID", ""], rows)
            }
        }
    }
}
