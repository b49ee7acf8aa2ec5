public import AlboLog
public import Transparency
public import AlboDomain
import Crypto
import AlboEvidence
import Foundation

/// `albo report semester`: the files of one semester report, computed in memory, then
/// written together.
public struct SemesterReport: Sendable {
    /// The file names a report directory holds.
    public enum File {
        public static let html = "report.html"
        public static let figuresJSON = "figures.json"
        public static let figuresCSV = "figures.csv"
        public static let checkpoint = "checkpoint"
        public static let manifest = "manifest.json"
    }

    public var figures: ReportFigures
    /// File name → exact bytes, manifest included.
    public var files: [String: [UInt8]]

    /// Reads the ledger at `asOf` and computes the report of `semester` for `scope`. With a
    /// signer, the report carries a signed checkpoint of the tree head its figures come from.
    public static func make(reader: LogReader, semester: Semester, scope: ReportScope, asOf: AsOf?,
                            exact: Bool, lang: ReportLanguage, signer: NoteSigner?, issue: ReportIssue = ReportIssue()) throws -> SemesterReport {
        if let today = issue.today { try checkSemester(semester, today: today) }
        let trend = semester.trend(ReportFigures.trendLength)
        let window = ReportPeriod(first: trend.first?.first ?? semester.first, last: semester.last)
        let snapshot = try ReportSource.snapshot(reader: reader, scope: scope, asOf: asOf, window: window,
                                                 referrerWindow: semester.period)
        return try make(snapshot: snapshot, semester: semester, scope: scope, exact: exact, lang: lang, signer: signer, issue: issue)
    }

    /// Refuses a semester that has not begun by `today`: its report would be a page of zeros
    /// that reads as a collapse of the service.
    public static func checkSemester(_ semester: Semester, today: CivilDate) throws {
        guard semester.first <= today else {
            throw ReportError(.usage, "the semester \(semester) begins on \(semester.first), after today (\(today)): there is nothing to report yet; ask for a semester that has begun")
        }
    }

    /// The report of `semester` from a snapshot already read.
    public static func make(snapshot: ReportSnapshot, semester: Semester, scope: ReportScope,
                            exact: Bool, lang: ReportLanguage, signer: NoteSigner?, issue: ReportIssue = ReportIssue()) throws -> SemesterReport {
        var clock = PhaseClock()
        let figures = try ReportFigures.compute(snapshot, semester: semester, scope: scope, exact: exact)
        if figures.notApplicable.contains(semester), let start = figures.activityStartsOn {
            throw ReportError(.usage, "the semester \(semester) ends before the activity in scope began (\(start)): there is nothing to report; ask for a semester from \(start) on")
        }
        clock.lap("report: figures")
        var files: [String: [UInt8]] = [
            File.html: ReportPage.render(figures, lang: lang, signed: signer != nil, issue: issue),
            File.figuresJSON: FiguresDocument.jsonBytes(figures),
            File.figuresCSV: FiguresDocument.csvBytes(figures),
        ]
        clock.lap("report: files")
        if let signer {
            files[File.checkpoint] = Array(try signer.sign(text: snapshot.checkpointText).utf8)
        }
        var manifest: [String: JSONValue] = [:]
        for (name, bytes) in files { manifest[name] = .string(TreeHash(digest: SHA256.hash(data: bytes)).hex) }
        files[File.manifest] = CanonicalJSON.encode(.object(manifest)) + [0x0A]
        return SemesterReport(figures: figures, files: files)
    }

    /// Writes the files into `path`, which must be missing or an empty directory. They go
    /// into a fresh directory beside it, renamed onto it at the end (as evidence bundles
    /// are): a failed run leaves nothing half-written. Owner-only permissions: a report is
    /// published only after someone decides to.
    public func write(to path: String) throws {
        do { try OutputDirectory.write(files, to: path, what: "report") } catch {
            throw ReportError(error.code == .usage ? .usage : .io, error.description)
        }
    }

    /// Checks that `path` can receive a report (missing, or an empty directory, in an
    /// existing parent), so the command line refuses before any work.
    public static func checkDestination(_ path: String) throws {
        do { try OutputDirectory.check(path, what: "report") } catch { throw ReportError(.usage, error.description) }
    }
}
