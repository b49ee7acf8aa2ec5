public import AlboDomain
import AlboEvidence

/// `figures.json` (RFC 8785) and `figures.csv` (RFC 4180): every number of the report with
/// its definition. Neither holds a clock time or anything else that changes between runs,
/// so the same tree size gives the same bytes.
public enum FiguresDocument {
    /// The published value: a number, or the `< 5` / `x` mark of a hidden cell.
    static func value(_ f: Figure) -> JSONValue {
        if let mark = f.value.mark { return .string(mark) }
        if case .count(let n) = f.value { return .integer(n) }
        return .string("")
    }

    /// The figures.json document.
    public static func json(_ r: ReportFigures) -> JSONValue {
        var definitions: [String: JSONValue] = [:]
        for m in Measure.all { definitions[m.id] = .string(m.definition) }
        var doc: [String: JSONValue] = [
            "semester": .string(r.semester.description),
            "semesters": .array(r.semesters.map { .string($0.description) }),
            "notApplicable": .array(r.notApplicable.map { .string($0.description) }),
            "origin": .string(r.origin),
            "treeSize": .integer(Int64(r.treeSize)),
            "rootHash": .string(r.rootHashHex),
            "scope": .object(["protocols": .array(r.scope.protocols.map(JSONValue.string)),
                              "desks": .array(r.scope.desks.map(JSONValue.string))]),
            "exact": .bool(r.exact),
            "suppression": .object(["threshold": .integer(Suppression.threshold),
                                    "rule": .string(Suppression.statement(.en)),
                                    "applied": .bool(!r.exact)]),
            "definitions": .object(definitions),
            "figures": .array(r.figures.map { f in
                .object(["semester": .string(f.semester), "measure": .string(f.measure),
                         "dimension": .string(f.dimension), "value": value(f)])
            }),
        ]
        if let start = r.activityStartsOn { doc["activityStartsOn"] = .string(start.description) }
        return .object(doc)
    }

    /// figures.json's bytes: RFC 8785 with a trailing newline.
    public static func jsonBytes(_ r: ReportFigures) -> [UInt8] {
        CanonicalJSON.encode(json(r)) + [0x0A]
    }

    /// figures.csv: `semester,measure,dimension,value,definition`, one row per figure.
    public static func csvBytes(_ r: ReportFigures) -> [UInt8] {
        let definitions = Dictionary(uniqueKeysWithValues: Measure.all.map { ($0.id, $0.definition) })
        return CSV.file(header: ["semester", "measure", "dimension", "value", "definition"], rows: r.figures.map { f in
            [f.semester, f.measure, f.dimension, f.value.mark ?? String(f.exact), definitions[f.measure] ?? ""]
        })
    }
}
