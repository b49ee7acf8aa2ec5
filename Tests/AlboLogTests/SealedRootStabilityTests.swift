import AlboDomain
import AlboSealing
import AlboTestSupport
@testable import AlboLog
import Foundation
import Testing

/// The sealed form is as stable as the clear one: with deterministic test keys (injected
/// through the API, never through the environment) the seed scenarios give a pinned root.
/// Unsealed stores keep the roots `RootStabilityTests` pins.
@Suite("Root stability, sealed")
struct SealedRootStabilityTests {
    static let keys = SubjectKeySource.derived(from: Array("albo sealed root test".utf8))

    @Test("the seed scenarios, sealed with test keys, give the pinned tree; the legacy form gives its own")
    func seeds_sealedRootPinned() throws {
        let dir = try TempDirectory()
        #expect(try Subprocess.python([Paths.tool("generate.py"), "seeds", "--out", dir.path]).code == 0)
        let paths = SeedScenarioTests.files.map { "\(dir.path)/\($0).ndjson" }
        let store = dir.path + "/sealed"
        let ledger = try Ledger(path: store, create: true, origin: "roots.example/albo", sealed: true, keySource: Self.keys)
        #expect(ledger.isSealed)
        var last: AppendSummary?
        for path in paths { last = try ledger.append(try BatchInput(path: path), recordedAt: RootStabilityTests.clock) }
        let report = try ledger.verify()
        #expect(report.ok, "\(report.problems.prefix(3))")
        #expect(report.treeSize == RootStabilityTests.seedSize)
        #expect(report.rootHash.hex == Self.sealedSeedRoot)
        #expect(last?.rootHash.hex == Self.sealedSeedRoot)
        #expect(Self.sealedSeedRoot != RootStabilityTests.seedRoot)
        // The flag is the store's: reopened, it is still sealed, and the keys file is owner-only.
        #expect(try Ledger(path: store).isSealed)
        let mode = try FileManager.default.attributesOfItem(atPath: store + "/subjects.keyslots")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("a store created unsealed stays unsealed and writes no keys")
    func legacyStore_staysUnsealed() throws {
        let store = try TempStore()
        let reopened = try Ledger(path: store.path, sealed: true)
        #expect(!reopened.isSealed)
        #expect(!FileManager.default.fileExists(atPath: store.path + "/subjects.keys") && !FileManager.default.fileExists(atPath: store.path + "/subjects.keyslots"))
        #expect { try reopened.erase(subject: "s-aaaaaaaaaaaaaaaaaaaaaaaaaa", reason: "x", recordedBy: "t") } throws: { ($0 as? LogError)?.code == .notSealed }
    }

    // Computed with the code of the commit that added this test.
    static let sealedSeedRoot = "3b62ea5a39c8533bdc55e7b50dfafcc55fc5e49dba1b80d9a6852db05acb8074"
}
