import AlboDomain

/// The ESF+ report's report.html: one table per group of indicators (entering, leaving, six
/// months), a column per gender and the total, the rules in plain words, and the proof
/// details in an appendix. Every number carries its key in `data-k` (`key|column`).
struct EsfPage {
    let report: EsfReport
    let lang: ReportLanguage
    let signed: Bool
    let issue: ReportIssue

    private var it: Bool { lang == .it }

    func html() -> String {
        let r = report
        let title = it ? "Indicatori comuni FSE+ sui partecipanti" : "ESF+ common indicators on participants"
        let period = "\(lang.date(r.period.first)) – \(lang.date(r.period.last))"
        let scope = r.protocols.isEmpty ? (it ? "tutti quelli registrati" : "every recorded one") : r.protocols.joined(separator: ", ")
        var body = "<header id=\"first-page\">"
        if let office = issue.office { body += "<p class=\"office\">\(HTML.escape(office))</p>" }
        body += "<h1>\(HTML.escape(title))</h1><p class=\"subtitle\">\(HTML.escape(period))</p>"
        body += "<table class=\"meta\"><tr><th>\(it ? "Protocolli e convenzioni" : "Protocols and conventions")</th><td>\(HTML.escape(scope))</td></tr>"
        if let day = issue.issuedOn { body += "<tr><th>\(it ? "Data del documento" : "Date of the document")</th><td>\(HTML.escape(lang.date(day)))</td></tr>" }
        body += "</table>"
        if r.publication.exact {
            body += "<p class=\"warning\" id=\"exact-warning\">\(HTML.escape(lang.text("exactWarning")))</p>"
        }
        body += "<p>" + HTML.escape(it
            ? "Indicatori comuni dell'allegato I del Regolamento (UE) 2021/1057, per i partecipanti dei percorsi con dati sul partecipante, per genere e in totale."
            : "The common indicators of Annex I to Regulation (EU) 2021/1057, for the participants of the cases with participant data, by gender and in total.") + "</p>"
        body += "</header>"
        body += section(it ? "Partecipanti entrati nel periodo" : "Participants entering in the period",
                        EsfIndicators.entering.map(\.key), id: "entering")
        body += section(it ? "Alla conclusione dell'intervento" : "On leaving", EsfIndicators.leaving, id: "leaving")
        body += section(it ? "Sei mesi dopo la conclusione" : "Six months after leaving", EsfIndicators.sixMonths, id: "six-months")
        body += "<section class=\"appendix\" id=\"s-rules\"><h2>\(it ? "Regole di calcolo" : "How the indicators are counted")</h2>"
        body += (it ? Self.rulesIT : Self.rulesEN).map { "<p>\(HTML.escape($0))</p>" }.joined()
        let erased = r.publication.indicators
        if erased.erasedEntering + erased.erasedLeaving > 0 {
            body += "<p id=\"erased-note\">" + HTML.escape(it
                ? "Percorsi del periodo i cui dati sul partecipante sono stati cancellati (diritto all'oblio) e non sono conteggiati: \(erased.erasedEntering) in entrata, \(erased.erasedLeaving) in uscita."
                : "Cases of the period whose participant data were erased, and are counted nowhere: \(erased.erasedEntering) entering, \(erased.erasedLeaving) leaving.") + "</p>"
        }
        body += "</section>"
        body += "<section class=\"appendix\" id=\"s-proof\"><h2>\(HTML.escape(lang.text("appendixProof")))</h2><table class=\"meta\">"
        body += "<tr><th>\(HTML.escape(lang.text("origin")))</th><td>\(HTML.escape(r.snapshot.origin))</td></tr>"
        body += "<tr><th>\(HTML.escape(lang.text("treeSize")))</th><td id=\"tree-size\">\(r.snapshot.treeSize)</td></tr>"
        body += "<tr><th>\(HTML.escape(lang.text("root")))</th><td class=\"hash\" id=\"root-hash\">\(r.snapshot.rootHash.hex)</td></tr></table>"
        let command = "albo report esf --from \(r.period.first) --to \(r.period.last)" + r.protocols.map { " --protocol \($0)" }.joined()
            + " --as-of \(r.snapshot.treeSize) --out DIR"
        body += "<p>\(HTML.escape(lang.text("proofHow")))</p><pre class=\"cmd\">\(HTML.escape(command))</pre>"
        if signed { body += "<p>\(HTML.escape(lang.text("signedNote")))</p><pre class=\"cmd\">albo verify --checkpoint checkpoint --vkey KEY.pub</pre>" }
        body += "</section>"
        return """
        <!DOCTYPE html>
        <html lang="\(lang.rawValue)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <style>\(ReportPage.css)</style></head>
        <body><main>
        \(body)
        </main></body></html>

        """
    }

    private func section(_ title: String, _ keys: [String], id: String) -> String {
        let heads = it ? ["Indicatore", "Codice", "Donne", "Uomini", "Non binario", "Totale"] : ["Indicator", "Code", "Women", "Men", "Non-binary", "Total"]
        var out = "<section id=\"s-\(id)\"><h2>\(HTML.escape(title))</h2><figure class=\"chart wide\"><table class=\"data\" id=\"table-\(id)\"><thead><tr>"
        out += heads.map { "<th scope=\"col\">\(HTML.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for key in keys {
            out += "<tr><th scope=\"row\">\(HTML.escape(label(key))) <code>(\(HTML.escape(key)))</code></th>"
            out += "<td>\(HTML.escape(EsfIndicators.codes[key] ?? "–"))</td>"
            for column in EsfIndicators.columns {
                let text = report.publication.text(key, column)
                let hidden = Int64(text) == nil ? " hidden-cell" : ""
                out += "<td class=\"num\(hidden)\" data-k=\"\(HTML.escape(key))|\(column)\">\(HTML.escape(text))</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table></figure></section>"
    }

    private func label(_ key: String) -> String { (it ? Self.labelsIT[key] : Self.labelsEN[key]) ?? key }

    static let labelsIT: [String: String] = [
        "participants": "Partecipanti (totale)", "unemployed": "Disoccupati, compresi i disoccupati di lunga durata",
        "long-term-unemployed": "Disoccupati di lunga durata", "inactive": "Persone inattive",
        "employed": "Occupati, compresi i lavoratori autonomi", "below-18": "Minori di 18 anni", "18-29": "Giovani tra 18 e 29 anni",
        "55-and-over": "Persone di 55 anni e più", "isced-0-2": "Titolo di studio ISCED 0-2", "isced-3-4": "Titolo di studio ISCED 3-4",
        "isced-5-8": "Titolo di studio ISCED 5-8", "disability": "Partecipanti con disabilità", "third-country-national": "Cittadini di paesi terzi",
        "foreign-background": "Partecipanti di origine straniera", "minority": "Minoranze (comprese le comunità emarginate come i Rom)",
        "homeless": "Senzatetto o persone colpite da esclusione abitativa", "rural": "Partecipanti provenienti da zone rurali",
        "left": "Partecipanti che hanno concluso l'intervento", "job-searching-on-leaving": "In cerca di lavoro alla conclusione",
        "education-or-training-on-leaving": "In istruzione o formazione alla conclusione",
        "qualification-on-leaving": "Che hanno ottenuto una qualifica alla conclusione",
        "employment-on-leaving": "Occupati, anche autonomi, alla conclusione",
        "employment-six-months": "Occupati, anche autonomi, sei mesi dopo la conclusione",
        "better-situation-six-months": "In una situazione migliore sul mercato del lavoro sei mesi dopo la conclusione",
    ]

    static let labelsEN: [String: String] = [
        "participants": "Participants (total)", "unemployed": "Unemployed, including long-term unemployed",
        "long-term-unemployed": "Long-term unemployed", "inactive": "Inactive", "employed": "Employed, including self-employed",
        "below-18": "Below 18 years of age", "18-29": "Aged 18 to 29", "55-and-over": "Aged 55 and over",
        "isced-0-2": "With ISCED 0-2", "isced-3-4": "With ISCED 3-4", "isced-5-8": "With ISCED 5-8",
        "disability": "Participants with disabilities", "third-country-national": "Third-country nationals",
        "foreign-background": "Participants with a foreign background", "minority": "Minorities (including marginalised communities such as the Roma)",
        "homeless": "Homeless or affected by housing exclusion", "rural": "Participants from rural areas",
        "left": "Participants who left", "job-searching-on-leaving": "Engaged in job searching upon leaving",
        "education-or-training-on-leaving": "In education or training upon leaving", "qualification-on-leaving": "Gaining a qualification upon leaving",
        "employment-on-leaving": "In employment, including self-employment, upon leaving",
        "employment-six-months": "In employment, including self-employment, six months after leaving",
        "better-situation-six-months": "With an improved labour market situation six months after leaving",
    ]

    static let rulesIT = [
        "Entrata: ogni percorso valido con dati sul partecipante e data di attivazione nel periodo è contato una volta; gli ultimi sei indicatori contano le caratteristiche dichiarate «sì» (una caratteristica non dichiarata non è contata).",
        "Conclusione: ogni percorso con chiusura valida nel periodo. «Occupati alla conclusione» conta chi lo ha dichiarato alla chiusura oppure ha un inserimento lavorativo valido iniziato tra l'attivazione del percorso e 28 giorni dopo la chiusura.",
        "Sei mesi dopo: per gli stessi percorsi, alla data di chiusura più sei mesi (lo stesso giorno del mese, o l'ultimo giorno del mese se più breve). Conta il primo follow-up registrato da quella data in poi, oppure un inserimento che a quella data è in corso (iniziato entro quella data, a tempo indeterminato o in apprendistato, o a tempo determinato con scadenza successiva).",
        "Riservatezza: i valori da 1 a 4 sono indicati come «< 5» (tranne nelle copie per uso interno con valori esatti); se in una riga un solo genere è nascosto, anche un secondo valore è oscurato con «x», perché il totale non permetta di ricavarlo.",
        "Codici della Commissione: sono indicati solo quelli confermati da una fonte pubblica (EECO01, EECO05, EECR01, EECR04); per gli altri indicatori il codice va preso dal sistema di monitoraggio del programma.",
    ]

    static let rulesEN = [
        "Entering: each live case with participant data opened in the period counts once; the last six indicators count characteristics declared true (one not declared is not counted).",
        "Leaving: each case with a live closing in the period. \"In employment upon leaving\" counts those who said so on leaving, or have a live job placement starting from the case's opening to 28 days after its closing.",
        "Six months after: for the same cases, on the closing date plus six months (the same day of the month, or that month's last day when it is shorter). The first follow-up recorded on or after that day counts, or a placement running on that day (started by then, permanent or apprenticeship, or fixed-term ending after it).",
        "Privacy: counts from 1 to 4 are shown as \"< 5\" (unless --exact); where a row would hide one gender only, a second count is withheld as \"x\", so that the total does not reveal it.",
        "Commission codes: only those a public source confirms are shown (EECO01, EECO05, EECR01, EECR04); take the others from the programme's monitoring system.",
    ]
}
