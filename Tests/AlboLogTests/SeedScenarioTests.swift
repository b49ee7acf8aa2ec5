import AlboTestSupport
import AlboDomain
@testable import AlboLog
import Foundation
import Testing

/// The five seed scenarios from Tools/generate.py, loaded the way the demo loads them.
@Suite("Seed scenarios")
struct SeedScenarioTests {
    static let files = ["000-distretto-ceramico", "001-livorno", "002-trecate", "003-sesto-san-giovanni", "004-crema"]

    @Test("every seed file is accepted in order, passes the JSON Schemas, and the store then verifies")
    func seeds_loadAndVerify() throws {
        let dir = NSTemporaryDirectory() + "albo-seeds-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Subprocess.python([Paths.tool("generate.py"), "seeds", "--out", dir]).code == 0)
        let paths = Self.files.map { "\(dir)/\($0).ndjson" }
        #expect(try Subprocess.python([Paths.tool("schema_check.py"), "--ndjson"] + paths).code == 0)
        let store = try TempStore(origin: "seeds.example/albo")
        var total = 0
        for path in paths {
            let s = try store.ledger.append(try BatchInput(path: path))
            #expect(s.appended > 0 && s.duplicates == 0)
            total += s.appended
        }
        // Loading again changes nothing: every event is a duplicate.
        let again = try store.ledger.append(try BatchInput(path: paths[2]))
        #expect(again.appended == 0 && again.duplicates > 500)
        let report = try store.ledger.verify()
        #expect(report.ok, "\(report.problems.prefix(5))")
        #expect(report.treeSize == UInt64(total))
    }
}
