import AlboDomain
@_spi(Writing) import AlboLog
import AlboProjections
import AlboReports
import AlboTestSupport
import Foundation

/// The seed scenarios, generated once per test process, and stores built from them.
enum Seeds {
    /// Runs `Tools/generate.py seeds` into a fresh directory; returns it.
    static func generate() throws -> String {
        let dir = NSTemporaryDirectory() + "albo-report-seeds-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let r = try Subprocess.python([Paths.tool("generate.py"), "seeds", "--out", dir])
        guard r.code == 0 else { throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "Tools/generate.py failed: \(r.stderr)"]) }
        return dir
    }

    /// A store holding the named seed files (all five when nil), and the generator's figures.json.
    static func store(_ names: [String]? = nil, sealed: Bool = false) throws -> (TempStore, JSONValue) {
        let dir = try generate()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try TempStore(sealed: sealed)
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".ndjson") {
            if let names, !names.contains(name) { continue }
            _ = try store.ledger.writer().append(BatchInput(path: dir + "/" + name))
        }
        let figures = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/figures.json"))))
        return (store, figures)
    }

    static let sesto = "003-sesto-san-giovanni.ndjson"
    static let sestoProtocol = "sesto-sg-servizi-lavoro-2018"
    static let sestoDisability = "sesto-sg-inclusione-disabili-2019"
}

extension ReportFigures {
    /// The published integer of a figure; nil when it is missing or hidden.
    func count(_ measure: String, _ dimension: String = "", _ semester: String? = nil) -> Int64? {
        let s = semester.flatMap(Semester.init) ?? self.semester
        guard let f = figure(measure, dimension, semester: s), case .count(let n) = f.value else { return nil }
        return n
    }
}

extension TempStore {
    /// The semester report of this store.
    func report(_ semester: String, protocols: [String] = [], desks: [String] = [], exact: Bool = false,
                asOf: AsOf? = nil) throws -> ReportFigures {
        guard let s = Semester(semester) else { throw CocoaError(.formatting) }
        // A report reads through a LogReader: the projections catch up first, as in `albo report`.
        try ProjectionRunner(ledger: ledger).catchUp()
        return try SemesterReport.make(reader: ledger.reader, semester: s, scope: ReportScope(protocols: protocols, desks: desks),
                                       asOf: asOf, exact: exact, lang: .it, signer: nil).figures
    }
}

/// The files of reports written by the real `albo`.
enum ReportFiles {
    static func read(_ dir: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)))
    }

    static func figures(_ dir: String) throws -> [String: JSONValue] {
        let doc = try JSONParser.parse(try read(dir, "figures.json"))
        var out: [String: JSONValue] = [:]
        for f in doc.objectValue?["figures"]?.arrayValue ?? [] {
            guard let o = f.objectValue, let m = o["measure"]?.stringValue, let d = o["dimension"]?.stringValue,
                  let s = o["semester"]?.stringValue, let v = o["value"] else { continue }
            out["\(m)|\(d)|\(s)"] = v
        }
        return out
    }
}
