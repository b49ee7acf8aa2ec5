import ArgumentParser
import AlboDomain
@_spi(Writing) import AlboLog
import AlboProjections
import Foundation

/// `albo erase`: make a data subject's personal data unreadable for good.
struct EraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a data subject for good: destroy their sealing key and record a SubjectErased event.",
        discussion: """
        --person P erases one subject on request; it is refused (exit 65, nothing written) \
        while the subject has an open case or is inside the retention period the law imposes \
        (\(RetentionRule.legalBasis); see `albo retention`), unless --override-retention is \
        given with a --reason saying why (the reason is recorded). --expired erases every \
        subject `albo retention` lists. --on, the day retention is judged on, is never later \
        than today without --override-retention. The erasure is recorded as a SubjectErased \
        event on stream subject:<reference> that holds no personal data (the subject \
        reference, the reason, who and when); `albo erasures` lists them. Counts stay what they \
        were; where the subject's personal data were, queries show "erased". A person \
        reference the store does not know (never recorded, or already erased: the erasure \
        removed the link) is exit 66. --dry-run lists what would go, the fields made \
        unreadable and those kept, and what stands against the erasure; it changes nothing.
        """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var retention: RetentionOptions

    @Option(help: ArgumentHelp("The person reference (the `person` of their cases).", valueName: "person"))
    var person: String?

    @Flag(help: "Erase every subject whose retention period has passed.")
    var expired = false

    @Option(help: ArgumentHelp("Why (recorded in the log: write no personal data here).", valueName: "text"))
    var reason: String?

    @Flag(name: .customLong("override-retention"), help: "Erase although an open case or the retention period stands against it, or judge on a later day than today; needs --reason.")
    var overrideRetention = false

    @Option(help: ArgumentHelp("The day to judge retention on (default: today; never later without --override-retention).", valueName: "date"), transform: Parse.date)
    var on: CivilDate?

    @Option(name: .customLong("recorded-by"), help: ArgumentHelp("The operator recording the erasure (default: $USER).", valueName: "operator"))
    var recordedBy: String?

    @Flag(name: .customLong("dry-run"), help: "List what would be erased, the fields made unreadable and kept, and what stands against it; change nothing.")
    var dryRun = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    /// Appended to the recorded reason of an erasure the retention rule would have refused.
    static let overrideMark = " [retention overridden]"

    func validate() throws {
        guard (person != nil) != expired else { throw ValidationError("give either --person P or --expired") }
        if person != nil && reason == nil { throw ValidationError("--person needs --reason TEXT: why the subject is erased") }
        if overrideRetention && reason == nil { throw ValidationError("--override-retention needs --reason TEXT: why the retention rule is set aside") }
        if let reason, reason.trimmingCharacters(in: .whitespaces).isEmpty || reason.count > 500 - Self.overrideMark.count || reason.contains("\n") {
            throw ValidationError("--reason must be one line of 1 to \(500 - Self.overrideMark.count) characters")
        }
        if let recordedBy, recordedBy.isEmpty || recordedBy.count > 64 { throw ValidationError("--recorded-by must be 1 to 64 characters") }
    }

    private var operatorName: String {
        recordedBy ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : String($0.prefix(64)) } ?? "albo-erase"
    }

    func run() throws {
        try runReporting {
            let today = try Retention.today()
            let day = on ?? today
            if day > today && !overrideRetention {
                throw CLIFailure(code: Exit.usage, message: "--on \(day) is after today (\(today)): retention is judged on today or an earlier day; nothing was written. To erase subjects still inside their retention period give --override-retention with --reason")
            }
            let ledger = try Ledger(path: storeOptions.path, exclusive: !dryRun)
            guard ledger.isSealed else {
                throw CLIFailure(code: Exit.usage, message: "the store at \(ledger.path) was created before personal fields were sealed: its records hold personal data in clear, and erasing cannot reach them without rewriting the log")
            }
            let policy = retention.policy
            var plans: [ErasurePlan] = []
            var reasons: [String] = []
            if let person {
                guard let subject = try ledger.reader.subject(ofPerson: person) else {
                    throw CLIFailure(code: Exit.notFound, message: "no data subject \(person) in this store: the reference was never recorded, or its subject was already erased (an erasure removes the link from person to subject; `albo erasures` lists the erased subjects). Nothing was written")
                }
                let plan = try ErasurePlan.make(ledger, subject: subject, policy: policy, day: day)
                let blockers = plan.blockers
                if !dryRun && !blockers.isEmpty && !overrideRetention {
                    throw CLIFailure(code: Exit.invalidInput, message: "refused: \(person) (\(subject)) has \(blockers.joined(separator: "; and is ")); nothing was written. Erasing now sets aside a legal obligation to keep: give --override-retention with --reason saying why")
                }
                plans = [plan]
                reasons = [(reason ?? "") + (blockers.isEmpty ? "" : Self.overrideMark)]
            } else {
                let (entries, _) = try Retention.expired(ledger, policy, on: day)
                plans = try entries.map { try ErasurePlan.make(ledger, subject: $0.subject, policy: policy, day: day) }
                reasons = entries.map { e in
                    (reason ?? "retention period of \(e.years) years ended on \(e.retainedUntil)") + (e.isExpired(on: today) ? "" : Self.overrideMark)
                }
            }
            try (dryRun ? report(plans) : erase(ledger, plans, reasons))
            if plans.isEmpty && !json { Output.line("nothing to erase") }
        }
    }

    private func report(_ plans: [ErasurePlan]) throws {
        if json {
            Output.json(.object(["erased": .array(plans.map(\.json)), "dryRun": .bool(true)]))
        } else {
            for plan in plans { for line in plan.lines { Output.line(line) } }
        }
    }

    private func erase(_ ledger: Ledger, _ plans: [ErasurePlan], _ reasons: [String]) throws {
        var listed: [JSONValue] = []
        // A chunk is one batch of SubjectErased events and one rewrite of the keys file.
        var done = 0
        let targets = Array(zip(plans, reasons))
        for chunk in stride(from: 0, to: targets.count, by: 500).map({ targets[$0..<min($0 + 500, targets.count)] }) {
            let results = try ledger.writer().erase(chunk.map { ($0.0.subject, $0.1) }, recordedBy: operatorName)
            for ((plan, _), result) in zip(chunk, results) {
                var entry: [String: JSONValue] = ["subject": .string(plan.subject), "cases": .array(plan.cases.map(JSONValue.string))]
                if let seq = result.recordedSeq { entry["seq"] = .integer(Int64(seq)) }
                listed.append(.object(entry))
                if !json {
                    Output.line("erased \(plan.subject): cases \(plan.cases.joined(separator: " ")); key destroyed"
                        + (result.recordedSeq.map { "; SubjectErased at seq \($0)" } ?? ""))
                }
            }
            done += chunk.count
            if expired { printError("erase: \(done)/\(targets.count) subjects") }
        }
        if json { Output.json(.object(["erased": .array(listed), "dryRun": .bool(false)])) }
    }
}
