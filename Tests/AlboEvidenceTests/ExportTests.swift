import AlboTestSupport
import AlboDomain
import AlboEvidence
import Foundation
import Testing

/// The bundle's files, determinism, as-of re-issue and refusals.
@Suite struct ExportTests {
    /// A store with eligible and rejected placements, a void, and a case of another period.
    static func claimStore() throws -> TempStore {
        let store = try TempStore(origin: sestoOrigin)
        var f = EventFactory()
        let v = f.nextId()
        try store.append([
            f.paidProtocol(),
            f.caseOpened("C-1"), f.placement("C-1", confirmed: "2023-02-01"),
            f.caseOpened("C-2", group: "disability"), f.placement("C-2", contract: "fixed-term", months: 3, confirmed: "2023-02-02"),
            f.placement("C-2", contract: "fixed-term", months: 9, confirmed: "2023-02-03"),
            f.caseOpened("C-3", group: "young-unemployed"), f.placement("C-3", confirmed: "2023-02-04"),
            f.caseOpened("C-4"), f.placement("C-4", confirmed: "2023-02-05", id: v), f.voided(v),
            f.caseOpened("C-5"), f.placement("C-5", confirmed: "2023-09-01"),
        ])
        return store
    }

    @Test func theBundleHoldsTheContractFilesInTheirExactForms() throws {
        let store = try Self.claimStore()
        let bundle = try exportBundle(store, from: "2023-01-01", to: "2023-06-30")
        let text = { (name: String) in String(decoding: bundle.files[name] ?? [], as: UTF8.self) }
        #expect(Set(bundle.files.keys) == ["payments.csv", "rejected.csv", "events.ndjson", "proofs.ndjson", "checkpoint", "summary.json", "manifest.json", "subjects.json"])
        // An unsealed store's bundle has no keys to carry.
        #expect(text("subjects.json") == "{}\n")
        #expect(text("payments.csv") == """
            seq,eventId,caseId,person,targetGroup,desk,employer,contract,months,startOn,confirmedOn,evidence,amountCents\r
            2,00000000-0000-4000-8000-000000000004,C-1,P-C-1,unemployed-over-45,Sesto Centro,"Ceramiche ""Rossi"", Srl",permanent,,2023-02-01,2023-02-01,UNILAV-C-1-2023-02-01,150000\r
            5,00000000-0000-4000-8000-000000000007,C-2,P-C-2,disability,Sesto Centro,"Ceramiche ""Rossi"", Srl",fixed-term,9,2023-02-03,2023-02-03,UNILAV-C-2-2023-02-03,200000\r

            """)
        #expect(text("rejected.csv") == """
            seq,eventId,caseId,person,targetGroup,reason\r
            4,00000000-0000-4000-8000-000000000006,C-2,P-C-2,disability,fixed-term-too-short\r
            7,00000000-0000-4000-8000-000000000009,C-3,P-C-3,young-unemployed,no-tariff\r
            9,00000000-0000-4000-8000-000000000001,C-4,P-C-4,unemployed-over-45,voided\r

            """)
        let root = try store.ledger.reader.read { try $0.rootHash(size: 13) }
        #expect(text("summary.json") == #"{"eligible":2,"from":"2023-01-01","operator":"Operatore, accreditato","protocolId":"sesto-2022","rejected":3,"rootHash":"\#(root.hex)","to":"2023-06-30","totalCents":350000,"treeSize":13}"# + "\n")
        // The protocol and cases C-1…C-4 in full (C-5's placement is in another period), by seq.
        let seqs = text("events.ndjson").split(separator: "\n").compactMap { try? StoredRecord.parse(Array($0.utf8)).seq }
        #expect(seqs == Array(0...10))
        #expect(text("proofs.ndjson").split(separator: "\n").count == 11)
        #expect(text("checkpoint").hasPrefix("test.example/sesto\n13\n\(root.base64)\n\n— test.example-sesto "))
        let manifest = try #require(try JSONParser.parse(bundle.files["manifest.json"] ?? []).objectValue)
        #expect(manifest.count == 7 && manifest["payments.csv"]?.stringValue?.count == 64)
        #expect(bundle.files["manifest.json"]?.last == 0x0A)
        #expect(BundleVerifier.verify(files: bundle.files, verifier: try TestKeys.verifier).isSuccess)
    }

    @Test func exportingTwiceGivesIdenticalBytes() throws {
        let store = try Self.claimStore()
        let first = try exportBundle(store, from: "2023-01-01", to: "2023-06-30")
        let second = try exportBundle(store, from: "2023-01-01", to: "2023-06-30")
        #expect(first.files == second.files)
    }

    @Test func asOfReissuesAnEarlierClaimExactly() throws {
        let store = try Self.claimStore()
        let before = try exportBundle(store, from: "2023-01-01", to: "2023-06-30")
        var f = EventFactory()
        for _ in 0..<50 { _ = f.nextId() }
        // Later facts change the claim: C-1's placement is voided, a new case is placed.
        try store.append([f.voided("00000000-0000-4000-8000-000000000004"), f.caseOpened("C-9"), f.placement("C-9", confirmed: "2023-03-01")])
        let now = try exportBundle(store, from: "2023-01-01", to: "2023-06-30")
        #expect(now.files != before.files)
        #expect(outcome(now.claim).rejected[2] == .voided)
        let reissued = try exportBundle(store, from: "2023-01-01", to: "2023-06-30", asOf: .size(13))
        #expect(reissued.files == before.files)
        let lastBefore = try store.ledger.reader.read { try $0.record(seq: 12).recordedAt }
        let byTime = try exportBundle(store, from: "2023-01-01", to: "2023-06-30", asOf: .timestamp(lastBefore))
        #expect(byTime.treeSize >= 13)
        #expect(byTime.treeSize == 13 || byTime.files == now.files, "a timestamp names a whole append, never half of one")
    }

    @Test func refusesUnknownProtocolsProtocolsWithoutTermsAndBackwardPeriods() throws {
        let store = try Self.claimStore()
        var f = EventFactory()
        for _ in 0..<50 { _ = f.nextId() }
        try store.append([f.paidProtocol("conv-free", payment: false)])
        #expect(exportFailure { try exportBundle(store, "nope", from: "2023-01-01", to: "2023-06-30") } == .protocolNotFound)
        #expect(exportFailure { try exportBundle(store, "conv-free", from: "2023-01-01", to: "2023-06-30") } == .noPaymentTerms)
        #expect(exportFailure { try exportBundle(store, from: "2023-06-30", to: "2023-01-01") } == .usage)
        #expect(exportFailure { try exportBundle(store, from: "2023-01-01", to: "2023-06-30", asOf: .size(1_000)) } == .usage)
        // As of size 1 the protocol exists but none of its cases do: an empty, valid claim.
        let early = try exportBundle(store, from: "2023-01-01", to: "2023-06-30", asOf: .size(1))
        #expect(early.claim.payments.isEmpty && early.eventCount == 1)
        #expect(BundleVerifier.verify(files: early.files, verifier: try TestKeys.verifier).isSuccess)
    }

    @Test func writeRefusesANonEmptyDirectoryAndLeavesNothingBehind() throws {
        let store = try Self.claimStore()
        let bundle = try exportBundle(store, from: "2023-01-01", to: "2023-06-30")
        let dir = try TempDirectory()
        let out = dir.path + "/bundle"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        try bundle.write(to: out)  // empty: accepted
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).count == 8)
        #expect(exportFailure { try bundle.write(to: out) } == .usage)
        #expect(exportFailure { try bundle.write(to: dir.path + "/missing/parent") } == .usage)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["bundle"], "no partial directory is left")
    }
}

/// The code of the `EvidenceError` `body` throws; nil when it succeeds or throws something else.
func exportFailure(_ body: () throws -> Any) -> EvidenceError.Code? {
    do {
        _ = try body()
        return nil
    } catch {
        return (error as? EvidenceError)?.code
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
