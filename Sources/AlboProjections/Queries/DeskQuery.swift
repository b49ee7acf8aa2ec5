public import AlboDomain

/// One desk's activity over a period.
public struct DeskActivity: Sendable, Hashable {
    public var desk: String
    /// Live cases opened in the period.
    public var casesOpened = 0
    /// Distinct persons among those cases.
    public var persons = 0
    /// Live placements of the desk's cases confirmed in the period.
    public var placements = 0

    /// `{"desk","casesOpened","distinctPersons","placements"}`.
    public var json: JSONValue {
        .object(["desk": .string(desk), "casesOpened": .integer(Int64(casesOpened)),
                 "distinctPersons": .integer(Int64(persons)), "placements": .integer(Int64(placements))])
    }
}

extension ProjectionView {
    /// Per desk, by name: cases opened (by `openedOn`), distinct persons among them, and
    /// placements (by `confirmedOn`) within [from, to], each bound inclusive and optional.
    /// With a period, desks with no activity in it are left out.
    public func desks(from: CivilDate? = nil, to: CivilDate? = nil) throws -> [DeskActivity] {
        if let from, let to, from > to { throw ProjectionError(.usage, "--from \(from) is after --to \(to)") }
        func inPeriod(_ day: CivilDate) -> Bool { (from.map { day >= $0 } ?? true) && (to.map { day <= $0 } ?? true) }
        var out: [DeskActivity] = []
        var current: DeskActivity?
        var persons = Set<String>()
        func finish() {
            guard var d = current else { return }
            d.persons = persons.count
            if (from == nil && to == nil) || d.casesOpened > 0 || d.placements > 0 { out.append(d) }
        }
        try table(DesksProjection.rows).forEach { entity, raw in
            let desk = EntityKey.segments(entity).first ?? ""
            if current?.desk != desk {
                finish()
                current = DeskActivity(desk: desk)
                persons.removeAll(keepingCapacity: true)
            }
            let c = try DeskCase(decoding: raw)
            if inPeriod(c.openedOn) {
                current?.casesOpened += 1
                persons.insert(SealedValue.distinctKey(c.person))
            }
            current?.placements += c.placements.count { inPeriod($0.confirmedOn) }
        }
        finish()
        return out
    }
}
