import AlboDomain
import AlboEvidence
import AlboLog
import ArgumentParser
import Foundation
import Transparency

/// `albo export payments`: the outcome-based payment claim of a protocol over a period, as a signed bundle.
struct ExportPaymentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments",
        abstract: "Export a protocol's outcome-based payment claim as a signed evidence bundle.",
        discussion: """
        The claim covers the placements of the protocol's cases confirmed in [--from, --to]; each is \
        eligible or rejected with the first rule it breaks. --out receives payments.csv, rejected.csv, \
        events.ndjson, proofs.ndjson, checkpoint, summary.json and manifest.json; check it offline \
        with `albo verify-bundle` or Tools/verify_bundle.py. The same store and arguments give \
        byte-identical files; --as-of re-issues a past claim exactly as it was.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("protocol"), help: ArgumentHelp("The protocol whose claim is exported.", valueName: "protocolId"))
    var protocolId: String?

    @Option(help: ArgumentHelp("First day of the period (YYYY-MM-DD, inclusive).", valueName: "date"), transform: Parse.date)
    var from: CivilDate?

    @Option(help: ArgumentHelp("Last day of the period (YYYY-MM-DD, inclusive).", valueName: "date"), transform: Parse.date)
    var to: CivilDate?

    @Option(help: ArgumentHelp("Instead of a protocol and period: the claim filed with `albo claim`, exported as it was filed.", valueName: "claim-id"))
    var claim: String?

    @Option(help: ArgumentHelp("The bundle directory: new or empty.", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("The signer key file (PRIVATE+KEY+…, from `albo keygen`).", valueName: "file"))
    var key: String

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The log as of tree size N, or as of a timestamp YYYY-MM-DDTHH:MM:SS.sssZ.", valueName: "N|timestamp"), transform: Parse.asOf)
    var asOf: AsOf?

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
        if claim != nil {
            if protocolId != nil || from != nil || to != nil || asOf != nil {
                throw ValidationError("--claim exports a filed claim as it was filed: give it without --protocol, --from, --to or --as-of")
            }
        } else if protocolId == nil || from == nil || to == nil {
            throw ValidationError("give --protocol, --from and --to (or --claim with a filed claim's id)")
        }
    }

    func run() throws {
        try runReporting {
            let signer = try KeyFiles.signer(key)
            let ledger = try storeOptions.openForReading()
            try PaymentExporter.Bundle.checkDestination(out)
            try storeOptions.refuseInsideStore(out, what: "export")
            let bundle: PaymentExporter.Bundle
            if let claim {
                bundle = try PaymentExporter.bundle(reader: ledger.reader, claimId: claim, signer: signer)
            } else if let protocolId, let from, let to {
                bundle = try PaymentExporter.bundle(reader: ledger.reader, protocolId: protocolId, from: from, to: to, asOf: asOf, signer: signer)
            } else {
                throw CLIFailure(code: Exit.usage, message: "give --protocol, --from and --to, or --claim")
            }
            try bundle.write(to: out)
            report(bundle)
        }
    }

    private func report(_ bundle: PaymentExporter.Bundle) {
        let c = bundle.claim
        if json {
            Output.json(.object([
                "out": .string(out), "protocolId": .string(c.protocolId), "from": .string(c.from.description), "to": .string(c.to.description),
                "eligible": .integer(Int64(c.payments.count)), "rejected": .integer(Int64(c.rejections.count)),
                "totalCents": .integer(c.totalCents), "events": .integer(Int64(bundle.eventCount)), "treeSize": .integer(Int64(bundle.treeSize)),
            ]))
        } else {
            Output.line("exported \(c.protocolId) \(c.from)…\(c.to) to \(out): \(c.payments.count) eligible, \(c.rejections.count) rejected, total \(Euro.format(c.totalCents)); \(bundle.eventCount) events proven against tree size \(bundle.treeSize)")
        }
    }
}

/// Euro amounts for people: `€1,234.56`.
enum Euro {
    static func format(_ cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        var euros = String(magnitude / 100)
        var grouped = ""
        while euros.count > 3 {
            grouped = "," + euros.suffix(3) + grouped
            euros.removeLast(3)
        }
        let c = magnitude % 100
        return "\(sign)€\(euros)\(grouped).\(c < 10 ? "0" : "")\(c)"
    }
}
