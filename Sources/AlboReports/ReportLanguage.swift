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

    /// A semester for people: "1º semestre 2019" / "H1 2019".
    func semester(_ s: Semester) -> String {
        self == .it ? "\(s.half)º semestre \(s.year)" : "H\(s.half) \(s.year)"
    }

    /// A date for people: 30 giugno 2019 / 30 June 2019.
    func date(_ d: CivilDate) -> String {
        let months = self == .it
            ? ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"]
            : ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(d.day) \(months[max(0, min(11, d.month - 1))]) \(d.year)"
    }

    private static let italianTerms: [String: String] = [
        "economic-disadvantage": "svantaggio economico", "disability": "disabilità", "unemployed-over-45": "disoccupati over 45",
        "young-unemployed": "giovani disoccupati", "other": "altro",
        "permanent": "tempo indeterminato", "fixed-term": "tempo determinato", "apprenticeship": "apprendistato",
        "placed": "inserimento lavorativo", "completed": "percorso concluso", "withdrawn": "ritiro", "transferred": "trasferimento",
        "voided": "annullato", "outside-protocol-validity": "fuori dalla validità del protocollo",
        "contract-not-eligible": "contratto non ammesso", "fixed-term-too-short": "tempo determinato troppo breve",
        "no-tariff": "nessuna tariffa per il gruppo", "already-paid": "già pagato", "none": "non indicate",
    ]

    private static let englishTerms: [String: String] = [
        "economic-disadvantage": "economic disadvantage", "disability": "disability", "unemployed-over-45": "unemployed over 45",
        "young-unemployed": "young unemployed", "other": "other",
        "permanent": "permanent", "fixed-term": "fixed-term", "apprenticeship": "apprenticeship",
        "placed": "placed in work", "completed": "path completed", "withdrawn": "withdrawn", "transferred": "transferred",
        "voided": "voided", "outside-protocol-validity": "outside protocol validity", "contract-not-eligible": "contract not eligible",
        "fixed-term-too-short": "fixed-term too short", "no-tariff": "no tariff for the group", "already-paid": "already paid",
        "none": "not recorded",
    ]
}
