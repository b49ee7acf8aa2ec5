import AlboDomain
import AlboLog
import AlboProjections

/// What erasing one subject would do and what stands against it: the events and fields it
/// makes unreadable, the fields that stay in clear, and the open cases or the retention
/// period that make it unlawful without an explicit override.
struct ErasurePlan {
    var subject: String
    var cases: [String]
    /// The seqs of the subject's case events.
    var events: [UInt64]
    /// Event type → the personal fields the erasure makes unreadable / the fields that stay in clear.
    var fieldsErased: [String: [String]]
    var fieldsKept: [String: [String]]
    /// The subject's retention; nil when no live case is left.
    var retention: RetentionEntry?
    var day: CivilDate

    /// Why erasing on `day` would break the retention rule; empty when it would not.
    var blockers: [String] {
        guard let r = retention else { return [] }
        var out: [String] = []
        if !r.openCases.isEmpty { out.append("open case\(r.openCases.count == 1 ? "" : "s") \(r.openCases.joined(separator: " "))") }
        if r.retainedUntil >= day {
            let paid = r.lastPaidOn.map { "last payment \($0)" } ?? "no payment recorded"
            out.append("inside the retention period until \(r.retainedUntil) (\(RetentionRule.legalBasis): \(r.years) years; \(paid), last case event \(r.lastEventOn))")
        }
        return out
    }

    static func make(_ ledger: Ledger, subject: String, policy: RetentionPolicy, day: CivilDate) throws -> ErasurePlan {
        let (cases, retention) = try ProjectionRunner(store: ledger).read(asOf: nil) { view in
            let paid = try view.lastPaymentDates()
            let cases = try view.cases(ofSubject: subject)
            return (cases.map(\.caseId).sorted(), try view.retention(ofSubject: subject, cases: cases, policy, lastPaidOn: { paid[$0] }))
        }
        var erased: [String: Set<String>] = [:], kept: [String: Set<String>] = [:]
        let events = try ledger.reader.read { log in
            let seqs = try cases.flatMap { try log.streamSeqs(StreamName(.case, $0)) }.sorted()
            for seq in seqs {
                let record = try log.record(seq: seq)
                let personal = Set(PersonalFields.of(record.type))
                let keys = Set(try record.decodedData().keys)
                erased[record.type.rawValue, default: []].formUnion(keys.intersection(personal))
                kept[record.type.rawValue, default: []].formUnion(keys.subtracting(personal))
            }
            return seqs
        }
        return ErasurePlan(subject: subject, cases: cases, events: events, fieldsErased: erased.mapValues { $0.sorted() },
                           fieldsKept: kept.mapValues { $0.sorted() }, retention: retention, day: day)
    }

    /// `type: a, b; type: c` in type order.
    static func describe(_ fields: [String: [String]]) -> String {
        fields.keys.sorted().compactMap { t in fields[t].flatMap { $0.isEmpty ? nil : "\(t): \($0.joined(separator: ", "))" } }.joined(separator: "; ")
    }

    var json: JSONValue {
        var o: [String: JSONValue] = [
            "subject": .string(subject), "cases": .array(cases.map(JSONValue.string)), "events": .array(events.map { .integer(Int64($0)) }),
            "fieldsErased": .object(fieldsErased.mapValues { .array($0.map(JSONValue.string)) }),
            "fieldsKept": .object(fieldsKept.mapValues { .array($0.map(JSONValue.string)) }),
            "openCases": .array((retention?.openCases ?? []).map(JSONValue.string)),
            "withinRetention": .bool(retention.map { $0.retainedUntil >= day } ?? false),
            "blockers": .array(blockers.map(JSONValue.string)),
        ]
        if let r = retention {
            o["retainedUntil"] = .string(r.retainedUntil.description)
            if let p = r.lastPaidOn { o["lastPaidOn"] = .string(p.description) }
        }
        return .object(o)
    }

    /// The dry run's lines for a person.
    var lines: [String] {
        var out = ["would erase \(subject): cases \(cases.joined(separator: " ")); events (seq) \(events.map(String.init).joined(separator: " "))",
                   "  fields made unreadable: \(Self.describe(fieldsErased))",
                   "  fields kept in clear: \(Self.describe(fieldsKept))"]
        if let r = retention { out.append("  retention: kept until \(r.retainedUntil) (\(RetentionRule.legalBasis))") }
        let b = blockers
        out.append(b.isEmpty ? "  allowed: no open case, retention over" : "  REFUSED without --override-retention: " + b.joined(separator: "; "))
        return out
    }
}
