import AlboTestSupport
import Foundation
import Testing

/// A store with a protocol and cases, a log key, all made through the real binary.
struct PublishedLog {
    let dir: TempDirectory
    let store: String
    let key: String
    let vkey: String
    let origin: String

    /// A store of `origin` holding a protocol and `cases` cases (seeds differ → different histories).
    init(origin: String = "test.example/albo", keyName: String? = nil, cases: Int, seed: Int = 0, dir: TempDirectory? = nil, key: String? = nil) throws {
        self.dir = try dir ?? TempDirectory()
        self.origin = origin
        store = self.dir.path + "/store-\(seed)"
        try expectOK(Subprocess.albo(["init", "--store", store, "--origin", origin]))
        if let key {
            self.key = key
        } else {
            self.key = self.dir.path + "/log-\(seed).key"
            try expectOK(Subprocess.albo(["keygen", "--name", keyName ?? origin, "--out", self.key]))
        }
        vkey = self.key + ".pub"
        try append(cases: cases, seed: seed, from: 0)
    }

    /// Appends `cases` more cases (ids from `from` on).
    func append(cases: Int, seed: Int, from: Int) throws {
        var lines: [String] = []
        if from == 0 { lines.append(Events.protocolLine) }
        for n in from..<(from + cases) { lines.append(Events.caseLine(n, seed: seed)) }
        try expectOK(Subprocess.albo(["append", "--store", store, "-"], stdin: lines.joined(separator: "\n") + "\n"))
    }

    /// `albo publish` into `out` with extra arguments.
    @discardableResult
    func publish(_ out: String, _ extra: [String] = []) throws -> Subprocess.Result {
        try Subprocess.albo(["publish", "--store", store, "--key", key, "--out", out] + extra)
    }
}

enum Events {
    static let protocolLine = #"{"id":"3f0e8c1a-5b7d-4c2e-9a61-0d4b2f1e7c3a","type":"ProtocolSigned","recordedBy":"op-1","data":{"protocolId":"conv-trecate-2022","title":"Convenzione Sportelli per il Lavoro","kind":"convention","parties":["Comune di Trecate","Comune di Cerano"],"lead":"Comune di Trecate","signedOn":"2022-10-01","validFrom":"2022-11-01","validTo":"2025-12-31"}}"#

    static func caseLine(_ n: Int, seed: Int) -> String {
        let id = String(format: "3f0e8c1a-5b7d-4c2e-%04d-%012d", seed, n)
        return #"{"id":"\#(id)","type":"CaseOpened","recordedBy":"op-trecate-01","data":{"caseId":"TRE-\#(seed)-\#(n)","person":"P-\#(n)","protocolId":"conv-trecate-2022","desk":"Trecate","targetGroup":"unemployed-over-45","openedOn":"2022-11-03"}}"#
    }
}

/// Fails the test with the command's output unless it exited 0.
func expectOK(_ result: Subprocess.Result, sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(result.code == 0, "exit \(result.code): \(result.stderr)\(result.stdout)", sourceLocation: sourceLocation)
    if result.code != 0 { throw ExpectedZero() }
}

struct ExpectedZero: Error {}
