import AlboTestSupport
import Foundation
import Testing

/// The real `albo` executable, as the CLI tests run it.
enum AlboBinary {
    @discardableResult
    static func run(_ args: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Subprocess.Result {
        try Subprocess.albo(args, stdin: stdin, environment: environment)
    }

    /// Runs a Tools/ script with the project's Python (`Paths.python`).
    static func python(_ args: [String], stdin: String? = nil) throws -> Subprocess.Result {
        try Subprocess.python(args, stdin: stdin)
    }
}

extension TempDirectory {
    /// Where a test's store lives.
    var store: String { path + "/store" }
}

/// Sample events for CLI tests.
enum Sample {
    static let protocolLine = #"{"id":"3f0e8c1a-5b7d-4c2e-9a61-0d4b2f1e7c3a","type":"ProtocolSigned","recordedBy":"op-1","data":{"protocolId":"conv-trecate-2022","title":"Convenzione Sportelli per il Lavoro","kind":"convention","parties":["Comune di Trecate","Comune di Cerano"],"lead":"Comune di Trecate","signedOn":"2022-10-01","validFrom":"2022-11-01","validTo":"2025-12-31"}}"#

    static func caseLine(_ n: Int, person: String? = nil) -> String {
        let id = String(format: "3f0e8c1a-5b7d-4c2e-9a61-%012d", n)
        return #"{"id":"\#(id)","type":"CaseOpened","recordedBy":"op-trecate-01","data":{"caseId":"TRE-\#(n)","person":"\#(person ?? "P-\(n)")","protocolId":"conv-trecate-2022","desk":"Trecate","targetGroup":"unemployed-over-45","referredBy":"CPI Novara","openedOn":"2022-11-03"}}"#
    }
}
