import AlboDomain
import AlboEvidence
@_spi(Writing) import AlboLog
import ArgumentParser
import Foundation

/// `albo claim`: files a payment claim as a `ClaimFiled` event; `albo claim pay` records a payment.
struct ClaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim",
        abstract: "File an outcome-based payment claim in the ledger, or record its payment.",
        subcommands: [FileClaimCommand.self, PayClaimCommand.self],
        defaultSubcommand: FileClaimCommand.self
    )

    /// `--store` before the subcommand: the subcommand's own options share this value.
    @OptionGroup var storeOptions: StoreOptions
}

/// The operator recording an event: `--recorded-by`, else `$USER`.
func recordingOperator(_ given: String?, fallback: String) -> String {
    given ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : String($0.prefix(64)) } ?? fallback
}

/// Appends one event line through the claim rule; violations are printed and exit 65 (75 on a conflict).
func appendClaimEvent(_ ledger: Ledger, type: EventType, data: JSONValue, recordedBy: String) throws -> AppendSummary {
    let line = CanonicalJSON.encode(.object([
        "id": .string(UUID().uuidString.lowercased()), "type": .string(type.rawValue),
        "recordedBy": .string(recordedBy), "data": data,
    ]))
    do {
        return try ledger.writer().append(BatchInput(bytes: line), claimRule: ClaimRule(reader: ledger.reader))
    } catch let rejected as AppendRejected {
        for v in rejected.violations { printError(v.description) }
        printError("nothing was written")
        throw ExitCode(rejected.isConflict ? Exit.conflict : Exit.invalidInput)
    }
}

/// `albo claim [file] --protocol P --from D1 --to D2`.
struct FileClaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "file",
        abstract: "Compute a protocol's claim over a period and record it as a ClaimFiled (the default).",
        discussion: """
        The claim is what `albo export payments` computes for the same protocol and period, as of \
        now: its eligible placements, each with its case stream's version and its amount. \
        Placements already in a live claim are not claimed again. The ClaimFiled is dated today \
        and carries no personal data; export it with `albo export payments --claim ID`.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("protocol"), help: ArgumentHelp("The protocol claimed under.", valueName: "protocolId"))
    var protocolId: String

    @Option(help: ArgumentHelp("First day of the period (YYYY-MM-DD, inclusive).", valueName: "date"), transform: Parse.date)
    var from: CivilDate

    @Option(help: ArgumentHelp("Last day of the period (YYYY-MM-DD, inclusive).", valueName: "date"), transform: Parse.date)
    var to: CivilDate

    @Option(name: .customLong("claim-id"), help: ArgumentHelp("The claim's id (default: <protocol>-<from>-<to>).", valueName: "id"))
    var claimId: String?

    @Option(name: .customLong("recorded-by"), help: ArgumentHelp("The operator filing the claim (default: $USER).", valueName: "operator"))
    var recordedBy: String?

    @Flag(name: .customLong("dry-run"), help: "Compute and print the claim; record nothing.")
    var dryRun = false

    @Flag(help: "Print the claim as JSON.")
    var json = false

    func validate() throws {
        if let claimId, !Identifier.isValid(claimId) { throw ValidationError("--claim-id must match [A-Za-z0-9._-]{1,64}") }
        if let recordedBy, recordedBy.isEmpty || recordedBy.count > 64 { throw ValidationError("--recorded-by must be 1 to 64 characters") }
        if to < from { throw ValidationError("--to \(to) is before --from \(from): the period must run forwards") }
    }

    /// `<protocol>-<from>-<to>` with compact dates, the protocol cut so that it is an identifier.
    static func defaultId(_ protocolId: String, _ from: CivilDate, _ to: CivilDate) -> String {
        let compact = { (d: CivilDate) in d.description.replacingOccurrences(of: "-", with: "") }
        return String(protocolId.prefix(46)) + "-" + compact(from) + "-" + compact(to)
    }

    func run() throws {
        try runReporting {
            let ledger = try storeOptions.open()
            let keyring = ledger.isSealed ? try ledger.reader.keyring() : nil
            let computed = try ledger.reader.read { log in
                try ClaimComputation.compute(log, keyring: keyring, protocolId: protocolId, from: from, to: to, size: log.size)
            }
            guard !computed.lines.isEmpty else {
                throw CLIFailure(code: Exit.invalidInput, message: "no placement of protocol \"\(protocolId)\" confirmed from \(from) to \(to) is payable and unclaimed: there is nothing to claim")
            }
            let filed = ClaimFiled(claimId: claimId ?? Self.defaultId(protocolId, from, to), protocolId: protocolId, from: from, to: to,
                                   filedOn: try Retention.today(), operator: computed.claim.operator, lines: computed.lines)
            var seq: UInt64?
            if !dryRun {
                seq = try appendClaimEvent(ledger, type: .claimFiled, data: filed.data, recordedBy: recordingOperator(recordedBy, fallback: "albo-claim")).firstSeq
            }
            report(filed, seq: seq)
        }
    }

    private func report(_ filed: ClaimFiled, seq: UInt64?) {
        if json {
            var o: [String: JSONValue] = [
                "claimId": .string(filed.claimId), "protocolId": .string(filed.protocolId), "from": .string(filed.from.description),
                "to": .string(filed.to.description), "lines": .array(filed.lines.map(\.data)), "totalCents": .integer(filed.totalCents),
            ]
            if let seq { o["seq"] = .integer(Int64(seq)) }
            Output.json(.object(o))
        } else {
            let what = seq.map { "filed claim \(filed.claimId) (seq \($0))" } ?? "claim \(filed.claimId) (dry run: nothing recorded)"
            Output.line("\(what): \(filed.protocolId) \(filed.from)…\(filed.to), \(filed.lines.count) placement\(filed.lines.count == 1 ? "" : "s"), total \(Euro.format(filed.totalCents))")
        }
    }
}

/// `albo claim pay CLAIM_ID --paid-on D --amount CENTS`.
struct PayClaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pay",
        abstract: "Record a payment received against a filed claim (a ClaimPaid).",
        discussion: "The amount is in euro cents, from 1 to what is still owed on the claim; paidOn is not before the claim was filed."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The claim paid.", valueName: "claim-id"))
    var claimId: String

    @Option(name: .customLong("paid-on"), help: ArgumentHelp("The day the payment was received (YYYY-MM-DD).", valueName: "date"), transform: Parse.date)
    var paidOn: CivilDate

    @Option(help: ArgumentHelp("The amount paid, in euro cents.", valueName: "cents"))
    var amount: Int64

    @Option(name: .customLong("recorded-by"), help: ArgumentHelp("The operator recording the payment (default: $USER).", valueName: "operator"))
    var recordedBy: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        if !Identifier.isValid(claimId) { throw ValidationError("the claim id must match [A-Za-z0-9._-]{1,64}") }
        if amount < 1 { throw ValidationError("--amount must be at least 1 cent") }
        if let recordedBy, recordedBy.isEmpty || recordedBy.count > 64 { throw ValidationError("--recorded-by must be 1 to 64 characters") }
    }

    func run() throws {
        try runReporting {
            let ledger = try storeOptions.open()
            let paid = ClaimPaid(claimId: claimId, paidOn: paidOn, amountCents: amount)
            let summary = try appendClaimEvent(ledger, type: .claimPaid, data: paid.data, recordedBy: recordingOperator(recordedBy, fallback: "albo-claim"))
            if json {
                Output.json(.object(["claimId": .string(claimId), "paidOn": .string(paidOn.description), "amountCents": .integer(amount),
                                     "seq": .integer(Int64(summary.firstSeq ?? 0))]))
            } else {
                Output.line("recorded payment of \(Euro.format(amount)) on \(paidOn) against claim \(claimId) (seq \(summary.firstSeq ?? 0))")
            }
        }
    }
}
