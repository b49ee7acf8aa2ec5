import AlboDomain

/// The language of report.html: Italian by default, since an Italian municipality publishes it.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case it
    case en

    /// Words and phrases of the page, by key; unknown keys show as themselves.
    func text(_ key: String) -> String {
        (self == .it ? Self.italian[key] : Self.english[key]) ?? key
    }

    /// A vocabulary value (target group, contract kind, close reason, rejection reason) for people.
    func term(_ value: String) -> String {
        (self == .it ? Self.italianTerms[value] : Self.englishTerms[value]) ?? value
    }

    /// An integer with thousands separators: 1.046 (it), 1,046 (en); negatives with U+2212.
    func number(_ n: Int64, signed: Bool = false) -> String {
        let sep = self == .it ? "." : ","
        var digits = String(n.magnitude)
        var grouped = ""
        while digits.count > 3 {
            grouped = sep + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        let sign = n < 0 ? "\u{2212}" : (signed && n > 0 ? "+" : "")
        return sign + digits + grouped
    }

    /// Euro cents for people: € 21.500,00 (it), €21,500.00 (en).
    func euro(_ cents: Int64, signed: Bool = false) -> String {
        let whole = number(cents / 100, signed: signed)
        let c = cents.magnitude % 100
        let fraction = (c < 10 ? "0" : "") + String(c)
        let sign = cents < 0 && cents / 100 == 0 ? "\u{2212}" : ""
        return self == .it ? "€\u{00A0}\(sign)\(whole),\(fraction)" : "€\(sign)\(whole).\(fraction)"
    }

    /// A semester in a heading: "1° semestre 2019" / "H1 2019".
    func semester(_ s: Semester) -> String {
        self == .it ? "\(s.half)° semestre \(s.year)" : "H\(s.half) \(s.year)"
    }

    /// A semester in prose: "primo semestre 2019" / "the first half of 2019".
    func proseSemester(_ s: Semester) -> String {
        self == .it ? "\(s.half == 1 ? "primo" : "secondo") semestre \(s.year)"
            : "the \(s.half == 1 ? "first" : "second") half of \(s.year)"
    }

    /// A semester as a table column's head: "1° sem. 2019" / "H1 2019".
    func shortSemester(_ s: Semester) -> String {
        self == .it ? "\(s.half)° sem. \(s.year)" : "H\(s.half) \(s.year)"
    }

    /// A date for people: 1° luglio 2019, 30 giugno 2019 / 1 July 2019.
    func date(_ d: CivilDate) -> String {
        let months = self == .it
            ? ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"]
            : ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        let day = self == .it && d.day == 1 ? "1°" : String(d.day)
        return "\(day) \(months[max(0, min(11, d.month - 1))]) \(d.year)"
    }

    /// A percentage with one decimal: +7,1% (it), +7.1% (en); negatives with U+2212.
    func percent(_ change: Int64, of base: Int64) -> String {
        let tenths = (Double(change) * 1000 / Double(base)).rounded()
        let magnitude = Int64(tenths.magnitude)
        let sign = tenths < 0 ? "\u{2212}" : (tenths > 0 ? "+" : "")
        return "\(sign)\(number(magnitude / 10))\(self == .it ? "," : ".")\(magnitude % 10)%"
    }

    private static let italianTerms: [String: String] = [
        "economic-disadvantage": "svantaggio economico", "disability": "disabilità", "unemployed-over-45": "disoccupati con più di 45 anni",
        "young-unemployed": "giovani disoccupati", "other": "altre situazioni",
        "permanent": "tempo indeterminato", "fixed-term": "tempo determinato", "apprenticeship": "apprendistato",
        "placed": "inserimento lavorativo", "completed": "percorso completato", "withdrawn": "rinuncia o abbandono", "transferred": "trasferimento ad altro servizio",
        "voided": "annullato", "outside-protocol-validity": "fuori dal periodo di validità del protocollo",
        "contract-not-eligible": "tipologia contrattuale non ammessa", "fixed-term-too-short": "tempo determinato di durata insufficiente",
        "no-tariff": "nessuna tariffa per la categoria", "already-paid": "già pagato", "none": "non indicato",
        "female": "donne", "male": "uomini", "non-binary": "non binario", "below-18": "meno di 18 anni", "18-29": "18-29 anni",
        "30-54": "30-54 anni", "55-and-over": "55 anni e più", "isced-0-2": "fino alla licenza media (ISCED 0-2)",
        "isced-3-4": "diploma o qualifica (ISCED 3-4)", "isced-5-8": "laurea o titolo superiore (ISCED 5-8)",
    ]

    private static let englishTerms: [String: String] = [
        "economic-disadvantage": "economic disadvantage", "disability": "disability", "unemployed-over-45": "unemployed over 45",
        "young-unemployed": "young unemployed", "other": "other",
        "permanent": "permanent", "fixed-term": "fixed-term", "apprenticeship": "apprenticeship",
        "placed": "job placement", "completed": "path completed", "withdrawn": "withdrawn", "transferred": "transferred to another service",
        "voided": "voided", "outside-protocol-validity": "outside protocol validity", "contract-not-eligible": "contract not eligible",
        "fixed-term-too-short": "fixed-term too short", "no-tariff": "no tariff for the group", "already-paid": "already paid",
        "none": "not recorded",
        "female": "women", "male": "men", "non-binary": "non-binary", "below-18": "below 18", "18-29": "18-29",
        "30-54": "30-54", "55-and-over": "55 and over", "isced-0-2": "ISCED 0-2", "isced-3-4": "ISCED 3-4", "isced-5-8": "ISCED 5-8",
    ]
}
