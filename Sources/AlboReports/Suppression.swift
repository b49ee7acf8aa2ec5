/// The small-cell rule: a published report must not single out people.
///
/// Primary: a count from 1 to 4 in a sensitive cell (one that crosses a target group, a
/// referrer, or one desk with one contract kind) is published as `< 5`. Secondary: a
/// breakdown whose total is published elsewhere in the report must not hide exactly one
/// cell, or the total minus the others would reveal it; so while a breakdown (a row or a
/// column of desk × contract) hides exactly one cell, its smallest other non-zero cell (or,
/// failing that, a zero cell) is withheld too, as `x`. Referrer counts are distinct persons
/// with no published total, so they need no secondary suppression.
public enum Suppression {
    /// The threshold: counts below it (and above zero) are hidden.
    public static let threshold: Int64 = 5

    /// The rule in one sentence per language, stated on the report's first page.
    public static func statement(_ lang: ReportLanguage) -> String {
        switch lang {
        case .it:
            "Per evitare che le persone siano identificabili, nelle celle che incrociano una categoria di destinatari, il sesso, la classe di età o il titolo di studio, un ente inviante oppure un singolo sportello e una singola tipologia contrattuale i valori da 1 a 4 sono indicati come «< 5». Quando un totale pubblicato permetterebbe di ricavarli per differenza, anche un'altra cella della stessa ripartizione è oscurata e indicata con «x» (soppressione secondaria)."
        case .en:
            "So that no person can be singled out, counts from 1 to 4 in cells that cross a target group, sex, age band or education, a referrer, or a single desk with a single contract kind are published as \u{201C}< 5\u{201D}; where a published total would reveal them, another cell of the same breakdown is withheld as \u{201C}x\u{201D} (secondary suppression)."
        }
    }

    /// Hides small sensitive cells in `figures`. `singleDesk`: the report covers one desk, so
    /// placements by contract kind, and fixed-term placements by length, are one desk's
    /// cells with one contract kind too.
    static func apply(_ figures: inout [Figure], singleDesk: Bool) {
        let oneDesk = singleDesk ? [Measure.placementsByContract.id, Measure.fixedTermMonths.id] : []
        let sensitive = Set(Measure.all.filter(\.isSensitive).map(\.id) + oneDesk)
        for i in figures.indices where sensitive.contains(figures[i].measure) && (1..<threshold).contains(figures[i].exact) {
            figures[i].value = .small
        }
        let groups = breakdowns(figures, singleDesk: singleDesk)
        var changed = true
        while changed {
            changed = false
            for group in groups {
                let hidden = group.filter { figures[$0].value.mark != nil }
                guard hidden.count == 1 else { continue }
                let open = group.filter { figures[$0].value.mark == nil }
                let pick = open.filter { figures[$0].exact > 0 }.min { figures[$0].exact < figures[$1].exact } ?? open.first
                guard let pick else { continue }
                figures[pick].value = .withheld
                changed = true
            }
        }
    }

    /// The sets of cells that add up to a published total.
    private static func breakdowns(_ figures: [Figure], singleDesk: Bool) -> [[Int]] {
        var groups: [String: [Int]] = [:]
        for (i, f) in figures.enumerated() {
            switch f.measure {
            case Measure.openedByTargetGroup.id:
                groups["tg|\(f.semester)", default: []].append(i)
            case Measure.openedByGender.id, Measure.openedByAgeBand.id, Measure.openedByEducation.id:
                groups["\(f.measure)|\(f.semester)", default: []].append(i)
            case Measure.placementsByDeskContract.id:
                groups["row|\(f.semester)|\(f.dimension("desk") ?? "")", default: []].append(i)
                groups["col|\(f.semester)|\(f.dimension("contract") ?? "")", default: []].append(i)
            case Measure.placementsByContract.id where singleDesk:
                groups["pc|\(f.semester)", default: []].append(i)
            case Measure.fixedTermMonths.id where singleDesk:
                groups["ftm|\(f.semester)", default: []].append(i)
            default:
                break
            }
        }
        return groups.keys.sorted().compactMap { groups[$0] }
    }
}
