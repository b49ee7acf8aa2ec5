public import AlboLog
public import AlboDomain
public import Transparency
import AlboEvidence
import Crypto

/// `albo report esf`: the ESF+ common indicators of a period, as `indicators.json`
/// (RFC 8785), `indicators.csv` (one row per indicator and gender), `report.html`,
/// `checkpoint` (with a signer) and `manifest.json`.
public struct EsfReport: Sendable {
    public var publication: EsfPublication
    public var snapshot: EsfSnapshot
    public var period: ReportPeriod
    public var protocols: [String]
    /// File name → exact bytes, manifest included.
    public var files: [String: [UInt8]]

    /// Reads the ledger at `asOf` and computes the indicators of [from, to] for `protocols`.
    public static func make(reader: LogReader, period: ReportPeriod, protocols: [String], asOf: AsOf?, exact: Bool,
                            lang: ReportLanguage, signer: NoteSigner?, issue: ReportIssue = ReportIssue()) throws -> EsfReport {
        guard period.first <= period.last else {
            throw ReportError(.usage, "--from \(period.first) is after --to \(period.last)")
        }
        let scope = Array(Set(protocols)).sorted()
        let snapshot = try EsfSnapshot.read(reader: reader, protocols: scope, asOf: asOf)
        let publication = EsfPublication(EsfIndicators(snapshot.cases, period: period), exact: exact)
        var report = EsfReport(publication: publication, snapshot: snapshot, period: period, protocols: scope, files: [:])
        var files: [String: [UInt8]] = [
            "indicators.json": CanonicalJSON.encode(report.json) + [0x0A],
            "indicators.csv": report.csv,
            "report.html": Array(EsfPage(report: report, lang: lang, signed: signer != nil, issue: issue).html().utf8),
        ]
        if let signer { files["checkpoint"] = Array(try signer.sign(text: snapshot.checkpointText).utf8) }
        var manifest: [String: JSONValue] = [:]
        for (name, bytes) in files { manifest[name] = .string(TreeHash(digest: SHA256.hash(data: bytes)).hex) }
        files["manifest.json"] = CanonicalJSON.encode(.object(manifest)) + [0x0A]
        report.files = files
        return report
    }

    /// indicators.json: `{from, to, protocols, treeSize, rootHash, indicators: {key: {female, male, non-binary, total}}}`.
    public var json: JSONValue {
        var indicators: [String: JSONValue] = [:]
        for key in EsfIndicators.keys {
            indicators[key] = .object(Dictionary(uniqueKeysWithValues: EsfIndicators.columns.map { ($0, publication.json(key, $0)) }))
        }
        return .object([
            "from": .string(period.first.description), "to": .string(period.last.description),
            "protocols": .array(protocols.map(JSONValue.string)),
            "treeSize": .integer(Int64(snapshot.treeSize)), "rootHash": .string(snapshot.rootHash.hex),
            "indicators": .object(indicators),
        ])
    }

    /// indicators.csv: `indicator,code,gender,value`, one row per indicator and gender (the
    /// code empty where no public source confirms it).
    public var csv: [UInt8] {
        var rows: [[String]] = []
        for key in EsfIndicators.keys {
            for column in EsfIndicators.columns {
                rows.append([key, EsfIndicators.codes[key] ?? "", column, publication.text(key, column)])
            }
        }
        return CSV.file(header: ["indicator", "code", "gender", "value"], rows: rows)
    }

    /// Writes the files into `path` (missing or an empty directory), all or nothing.
    public func write(to path: String) throws {
        do { try OutputDirectory.write(files, to: path, what: "report") } catch {
            throw ReportError(error.code == .usage ? .usage : .io, error.description)
        }
    }
}
