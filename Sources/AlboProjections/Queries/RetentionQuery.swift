public import AlboDomain

/// A data subject whose retention period has passed.
public struct RetentionEntry: Sendable, Hashable {
    /// The subject reference.
    public var subject: String
    /// The latest date any of the subject's live case events carries.
    public var lastEventOn: CivilDate
    /// 31 December of that year plus the retention years: kept until then, erasable after.
    public var retainedUntil: CivilDate
    /// The subject's live cases, all closed.
    public var cases: [String]

    public var json: JSONValue {
        .object(["subject": .string(subject), "lastEventOn": .string(lastEventOn.description),
                 "retainedUntil": .string(retainedUntil.description), "cases": .array(cases.map(JSONValue.string))])
    }
}

/// The retention rule (EU Reg. 2021/1060 art. 82): records are kept for `years` years from
/// 31 December of the year of the subject's last case event, and never while a case is open.
public enum RetentionRule {
    /// The last day a subject whose last case event is on `last` is kept.
    public static func retainedUntil(last: CivilDate, years: Int) -> CivilDate? {
        CivilDate(year: last.year + years, month: 12, day: 31)
    }

    /// The latest date a case's live events carry: opening, traineeship starts, placement
    /// start and confirmation, closing.
    public static func lastEventOn(_ c: CaseState) -> CivilDate? {
        var dates: [CivilDate] = [c.openedOn] + [c.closedOn].compactMap { $0 }
        dates += c.traineeships.map(\.startOn)
        dates += c.placements.flatMap { [$0.startOn, $0.confirmedOn] }
        return dates.max()
    }
}

extension ProjectionView {
    /// The subjects not yet erased whose cases are all closed and whose retention date is
    /// before `on`, by subject reference. Only a sealed store has subjects.
    public func expiredSubjects(years: Int, on: CivilDate) throws -> [RetentionEntry] {
        guard let keyring else { return [] }
        var bySubject: [String: (open: Bool, last: CivilDate?, cases: [String])] = [:]
        try table(CasesProjection.rows).forEach { _, raw in
            let c = try CaseState(decoding: raw)
            guard let subject = SealedValue(c.person)?.subject, keyring.key(of: subject) != nil else { return }
            var entry = bySubject[subject] ?? (false, nil, [])
            entry.open = entry.open || c.closedOn == nil
            if let last = RetentionRule.lastEventOn(c) { entry.last = max(entry.last ?? last, last) }
            entry.cases.append(c.caseId)
            bySubject[subject] = entry
        }
        var out: [RetentionEntry] = []
        for (subject, e) in bySubject.sorted(by: { $0.key < $1.key }) where !e.open {
            guard let last = e.last, let until = RetentionRule.retainedUntil(last: last, years: years), until < on else { continue }
            out.append(RetentionEntry(subject: subject, lastEventOn: last, retainedUntil: until, cases: e.cases.sorted()))
        }
        return out
    }

    /// The live cases of `subject`, by caseId.
    public func cases(ofSubject subject: String) throws -> [CaseState] {
        var out: [CaseState] = []
        try table(CasesProjection.rows).forEach { _, raw in
            let c = try CaseState(decoding: raw)
            if SealedValue(c.person)?.subject == subject { out.append(c) }
        }
        return out
    }
}
