/// The short text on the first page: the semester's main figures in words, and their change
/// on the previous semester. Only figures published without suppression (totals) are named,
/// so the text never reveals a hidden cell.
struct ReportNarrative {
    let r: ReportFigures
    let lang: ReportLanguage

    /// The paragraphs, as plain text (the page escapes them).
    func paragraphs() -> [String] {
        var out: [String] = []
        let activity = [Measure.casesOpened, .personsServed, .traineeshipsStarted, .placementsConfirmed, .casesClosed]
        let clauses = activity.compactMap { m in count(m).map { phrase(m, $0) } }
        if clauses.count == activity.count {
            let sentence = lang == .it
                ? "Nel \(lang.proseSemester(r.semester)) \(clauses[0]) e \(clauses[1]); \(clauses[2]), \(clauses[3]) e \(clauses[4])."
                : "In \(lang.proseSemester(r.semester)), \(clauses[0]) and \(clauses[1]); \(clauses[2]), \(clauses[3]) and \(clauses[4])."
            out.append(capitalized(sentence))
        }
        if let previous = r.semester.previous {
            if r.notApplicable.contains(previous), let start = r.activityStartsOn {
                out.append(lang == .it
                    ? "Il confronto con il \(lang.proseSemester(previous)) non è applicabile: l'attività è iniziata il \(lang.date(start))."
                    : "No comparison with \(lang.proseSemester(previous)) applies: the activity began on \(lang.date(start)).")
            } else {
                let changes = (activity + [Measure.paymentsEligible]).compactMap { m in change(m).map { describe(m, $0) } }
                if !changes.isEmpty {
                    out.append((lang == .it ? "Rispetto al \(lang.proseSemester(previous)): " : "Compared with \(lang.proseSemester(previous)): ")
                               + changes.joined(separator: "; ") + ".")
                }
            }
        }
        if r.breakdown(Measure.paymentsEligible.id).count > 1, let n = count(.paymentsEligible), let cents = count(.paymentsTotal) {
            out.append(payments(n, cents))
        }
        return out
    }

    /// A published total of the report's semester; nil when absent or hidden.
    private func count(_ m: Measure) -> Int64? {
        guard let f = r.figure(m.id), case .count(let n) = f.value else { return nil }
        return n
    }

    /// The change on the previous semester and the previous value; nil when either is missing.
    private func change(_ m: Measure) -> (delta: Int64, before: Int64)? {
        guard let previous = r.semester.previous, let f = r.figure(Measure.changePrevious.id, "measure=\(m.id)"),
              case .count(let delta) = f.value, let before = r.figure(m.id, semester: previous), case .count(let b) = before.value
        else { return nil }
        return (delta, b)
    }

    private func describe(_ m: Measure, _ c: (delta: Int64, before: Int64)) -> String {
        let name = lang.text(m.id).lowercased()
        guard c.delta != 0 else {
            let same = lang == .en ? "unchanged" : (m == .personsServed ? "invariate" : "invariati")
            return "\(name) \(same)"
        }
        let percent = c.before > 0 ? " (\(lang.percent(c.delta, of: c.before)))" : ""
        return "\(name) \(lang.number(c.delta, signed: true))\(percent)"
    }

    private func payments(_ n: Int64, _ cents: Int64) -> String {
        let amount = lang.euro(cents)
        if lang == .it {
            let what = n == 0 ? "nessun inserimento lavorativo è ammesso al pagamento"
                : n == 1 ? "un inserimento lavorativo è ammesso al pagamento, per un importo di \(amount)"
                : "\(lang.number(n)) inserimenti lavorativi sono ammessi al pagamento, per un importo complessivo di \(amount)"
            return "Per i protocolli che prevedono il pagamento a risultato, nel semestre \(what)."
        }
        let what = n == 0 ? "no job placement qualifies for payment"
            : n == 1 ? "one job placement qualifies for payment, for \(amount)"
            : "\(lang.number(n)) job placements qualify for payment, for a total of \(amount)"
        return "Under the protocols that pay by results, in the semester \(what)."
    }

    /// One activity figure as a clause: zero, one and many have their own wording.
    private func phrase(_ m: Measure, _ n: Int64) -> String {
        let forms: [String]
        switch (lang, m.id) {
        case (.it, Measure.casesOpened.id): forms = ["non è stato attivato alcun percorso", "è stato attivato un percorso", "sono stati attivati %n percorsi"]
        case (.it, Measure.personsServed.id): forms = ["non è stata presa in carico alcuna persona", "è stata presa in carico una persona", "sono state prese in carico %n persone"]
        case (.it, Measure.traineeshipsStarted.id): forms = ["non è stato avviato alcun tirocinio", "è stato avviato un tirocinio", "sono stati avviati %n tirocini"]
        case (.it, Measure.placementsConfirmed.id): forms = ["non è stato confermato alcun inserimento lavorativo", "è stato confermato un inserimento lavorativo", "sono stati confermati %n inserimenti lavorativi"]
        case (.it, _): forms = ["non è stato chiuso alcun percorso", "è stato chiuso un percorso", "sono stati chiusi %n percorsi"]
        case (.en, Measure.casesOpened.id): forms = ["no case was opened", "one case was opened", "%n cases were opened"]
        case (.en, Measure.personsServed.id): forms = ["no person was taken on", "one person was taken on", "%n persons were taken on"]
        case (.en, Measure.traineeshipsStarted.id): forms = ["no traineeship started", "one traineeship started", "%n traineeships started"]
        case (.en, Measure.placementsConfirmed.id): forms = ["no job placement was confirmed", "one job placement was confirmed", "%n job placements were confirmed"]
        case (.en, _): forms = ["no case was closed", "one case was closed", "%n cases were closed"]
        }
        return forms[Int(min(n, 2))].replacingOccurrences(of: "%n", with: lang.number(n))
    }

    private func capitalized(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.uppercased() + s.dropFirst()
    }
}
