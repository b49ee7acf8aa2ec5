import AlboTestSupport
import AlboDomain
@testable import AlboLog
import Foundation
import Testing
import Transparency

/// Stored bytes never change with the code that writes them: the seed scenarios and a
/// 100,000-event synthetic log, appended at a fixed `recordedAt`, give the roots that the
/// first slice's code gave (pinned here before the record core was rebuilt).
@Suite("Root stability")
struct RootStabilityTests {
    static let clock = "2026-01-01T00:00:00.000Z"

    /// Appends each file as one batch at the fixed clock; returns the verified store's root.
    static func root(of paths: [String]) throws -> (UInt64, String) {
        let store = try TempStore(origin: "roots.example/albo")
        var last: AppendSummary?
        for path in paths { last = try store.ledger.append(try BatchInput(path: path), recordedAt: clock) }
        let report = try store.ledger.verify()
        #expect(report.ok, "\(report.problems.prefix(3))")
        #expect(report.rootHash == last?.rootHash)
        return (report.treeSize, report.rootHash.hex)
    }

    @Test("the seed scenarios give the same tree as before the record core changed")
    func seeds_rootUnchanged() throws {
        let dir = try TempDirectory()
        #expect(try Subprocess.python([Paths.tool("generate.py"), "seeds", "--out", dir.path]).code == 0)
        let paths = SeedScenarioTests.files.map { "\(dir.path)/\($0).ndjson" }
        let (size, root) = try Self.root(of: paths)
        #expect(size == Self.seedSize)
        #expect(root == Self.seedRoot)
    }

    @Test("a 100,000-event synthetic log gives the same tree as before the record core changed")
    func synthetic_rootUnchanged() throws {
        let dir = try TempDirectory()
        let file = dir.path + "/events.ndjson"
        #expect(try Subprocess.python([Paths.tool("generate.py"), "synthetic", "--events", "100000", "--seed", "11", "--out", file]).code == 0)
        let (size, root) = try Self.root(of: [file])
        #expect(size == 100_000)
        #expect(root == Self.syntheticRoot)
    }

    // Computed with the code at the commit that added this test (the first slice's record path).
    static let seedSize: UInt64 = 4361
    static let seedRoot = "36b73bf26ce43dd30770ba6f5ea0bbf79e08cebcc83a68bea5ce5978aecc442b"
    static let syntheticRoot = "5999c9138fe1fb62408ec47a6564398fc77c5d1be18e6808bb393b7efb9703a3"
}
