import ArgumentParser
import AlboDomain
import AlboProjections

/// `albo query cases`: case states, filtered.
struct QueryCasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cases", abstract: "List cases (--json: an array of case objects).")

    @OptionGroup var options: QueryOptions
    @Option(name: .customLong("protocol"), help: "Only cases opened under this protocolId.") var protocolId: String?
    @Option(help: "Only cases of this desk.") var desk: String?
    @Option(help: "open or closed.") var status: String?
    @Option(name: .customLong("target-group"), help: "Only cases of this target group.") var targetGroup: String?

    func run() throws {
        try options.run { view in
            let cases = try view.cases(CaseFilter(protocolId: protocolId, desk: desk, status: status, targetGroup: targetGroup))
            if options.json { return Output.json(.array(cases.map(\.json))) }
            Output.table(["CASE", "PERSON", "PROTOCOL", "DESK", "TARGET GROUP", "STATUS", "OPENED", "CLOSED", "TRAINEESHIPS", "PLACEMENTS"],
                         cases.map { c in [c.caseId, c.person, c.protocolId, c.desk, c.targetGroup.rawValue, c.status, c.openedOn.description,
                                           c.closedOn.map { "\($0) (\(c.closeReason?.rawValue ?? ""))" } ?? "",
                                           String(c.traineeships.count), String(c.placements.count)] })
            Output.line("\(cases.count) case\(cases.count == 1 ? "" : "s") at tree size \(view.size)")
        }
    }
}

/// `albo query case CASE_ID`: one case.
struct QueryCaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "case", abstract: "Show one case, with its traineeships and placements.")

    @OptionGroup var options: QueryOptions
    @Argument(help: ArgumentHelp("The caseId.", valueName: "case-id")) var caseId: String

    func run() throws {
        try options.run { view in
            guard let c = try view.case(caseId) else {
                throw CLIFailure(code: Exit.notFound, message: "no case \"\(caseId)\" at tree size \(view.size)")
            }
            if options.json { return Output.json(c.json) }
            var rows: [[String]] = [
                ["case", c.caseId], ["person", c.person], ["protocol", c.protocolId], ["desk", c.desk],
                ["target group", c.targetGroup.rawValue], ["status", c.status], ["opened on", c.openedOn.description],
            ]
            if let closedOn = c.closedOn { rows.append(["closed on", "\(closedOn) (\(c.closeReason?.rawValue ?? ""))"]) }
            rows.append(["version", String(c.version)])
            for t in c.traineeships {
                rows.append(["traineeship", "\(t.traineeshipId): \(t.kind) at \(t.host) from \(t.startOn)\(t.plannedEndOn.map { " to \($0)" } ?? "") (seq \(t.seq))"])
            }
            for p in c.placements {
                rows.append(["placement", "\(p.employer): \(p.contract)\(p.months.map { " \($0) months" } ?? "") from \(p.startOn), confirmed \(p.confirmedOn), \(p.evidence) (seq \(p.seq))"])
            }
            Output.table(["FIELD", "VALUE"], rows)
        }
    }
}
