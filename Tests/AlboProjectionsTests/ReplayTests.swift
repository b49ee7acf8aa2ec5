import AlboTestSupport
import AlboDomain
@_spi(Writing) import AlboLog
import AlboProjections
import Foundation
import Testing

/// A replay into scratch projection databases (what `verify` compares with) gives the
/// digests the store's own projections have, and leaves the store as it was.
@Suite("Replay into scratch projections")
struct ReplayTests {
    @Test("a replay into scratch, in one chunk or in many, gives each projection the digest of incremental catch-up in the store")
    func replayDigests_equalIncrementalDigests() throws {
        let dir = try Scripts.generate(["synthetic", "--events", "3000", "--batches", "6", "--seed", "11"], file: "syn")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try TempStore()
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() {
            _ = try store.ledger.writer().append(BatchInput(path: dir + "/" + name))
            try ProjectionRunner(ledger: store.ledger).catchUp()
        }
        let stored = try store.digests()
        let runner = ProjectionRunner(ledger: store.ledger)
        var small = runner
        small.chunkSize = 701
        for replaying in [runner, small] {
            var progress: [UInt64] = []
            let replayed = try store.ledger.reader.readProjections { txn in
                try ProjectionScratch.using { scratch in
                    try replaying.replayDigests(txn.log, into: scratch) { applied, _ in progress.append(applied) }
                }
            }
            #expect(Dictionary(uniqueKeysWithValues: zip(runner.projections.map(\.name), replayed)) == stored)
            #expect(progress.last == 3000)
            #expect(progress.count == (replaying.chunkSize == 701 ? 5 : 1))
        }
        // The store's projections are where they were, and no scratch directory is left.
        #expect(try store.digests() == stored)
    }

    @Test("the scratch directory is private while it lives and removed afterwards, even when the replay fails")
    func scratch_isPrivateAndRemoved() throws {
        let parent = try TempDirectory()
        struct Stop: Error {}
        var seen: String?
        #expect(throws: Stop.self) {
            try ProjectionScratch.using(under: parent.path) { scratch in
                seen = scratch.path
                var st = stat()
                #expect(stat(scratch.path, &st) == 0 && st.st_mode & 0o777 == 0o700)
                throw Stop()
            }
        }
        #expect(seen?.hasPrefix(parent.path + "/") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == [])
    }
}
