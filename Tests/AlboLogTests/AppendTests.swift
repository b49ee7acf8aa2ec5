import AlboTestSupport
import AlboDomain
@testable import AlboLog
import Crypto
import Foundation
import Testing
import Transparency

@Suite("Appending batches")
struct AppendTests {
    @Test("an accepted batch gets gapless seqs, per-stream versions and one recordedAt")
    func append_assignsSeqStreamAndVersion() throws {
        let store = try TempStore()
        var f = EventFactory()
        let s = try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1"), f.placement("C-1"), f.caseOpened("C-2", protocolId: "conv-1")])
        #expect(s.appended == 4 && s.duplicates == 0 && s.firstSeq == 0 && s.lastSeq == 3 && s.treeSize == 4)
        let records = try (0..<4).map { try store.record(UInt64($0)) }
        #expect(records.map(\.stream) == ["protocol:conv-1", "case:C-1", "case:C-1", "case:C-2"])
        #expect(records.map(\.version) == [1, 1, 2, 1])
        #expect(Set(records.map(\.recordedAt)).count == 1)
        #expect(Timestamp.isValid(records[0].recordedAt))
        let next = try store.append([f.closed("C-1")])
        #expect(next.firstSeq == 4)
        #expect(try store.record(4).version == 3)
        #expect(try store.record(4).recordedAt >= records[0].recordedAt)
    }

    @Test("the stored bytes are the RFC 8785 form of the record and the tree's leaf is their RFC 9162 hash")
    func append_storesCanonicalBytesAndLeafHash() throws {
        let store = try TempStore()
        // Keys out of order, spaces, an escaped non-ASCII character: the stored form must normalise all three.
        let messy = #"{ "type":"ProtocolSigned", "recordedBy":"op-1", "id":"AAAAAAAA-0000-4000-8000-000000000001", "data":{"validFrom":"2022-01-01","title":"Convenzione \u00e8 \"Sportelli\"","protocolId":"p-1","parties":["B","A"],"kind":"memorandum","signedOn":"2021-12-01"} }"#
        let summary = try store.append([messy])
        let bytes = try store.ledger.env.read { txn in Array(try store.ledger.recordBytes(txn, seq: 0)!) }
        let record = try store.record(0)
        let expected = #"{"data":{"kind":"memorandum","parties":["B","A"],"protocolId":"p-1","signedOn":"2021-12-01","title":"Convenzione è \"Sportelli\"","validFrom":"2022-01-01"},"id":"aaaaaaaa-0000-4000-8000-000000000001","recordedAt":""# + record.recordedAt + #"","recordedBy":"op-1","seq":0,"stream":"protocol:p-1","type":"ProtocolSigned","version":1}"#
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
        #expect(record.canonicalBytes == bytes)
        var h = SHA256()
        h.update(data: [0x00] + bytes)
        #expect(summary.rootHash.bytes == Array(h.finalize()))
    }

    @Test("a bad line anywhere in a large batch leaves every database byte-for-byte unchanged")
    func append_isAtomic() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1")] + (0..<50).map { f.caseOpened("C-\($0)", protocolId: "conv-1", person: "P-\($0)") })
        let before = try store.contentDump()
        var batch = (50..<5050).map { f.caseOpened("C-\($0)", protocolId: "conv-1", person: "P-\($0)") }
        batch[4321] = f.caseOpened("C-bad", protocolId: "conv-1", on: "2023-02-30")
        let violations = try store.rejections(batch)
        #expect(violations.count == 1)
        #expect(violations.first?.line == 4322 && violations.first?.path == "data.openedOn" && violations.first?.rule == "date")
        #expect(try store.contentDump() == before)
        #expect(try store.ledger.size() == 51)
    }

    @Test("every violation of a batch is reported, not just the first")
    func append_reportsEveryViolation() throws {
        let store = try TempStore()
        var f = EventFactory()
        let violations = try store.rejections([
            f.protocolSigned("conv-1"),
            "{not json",
            f.caseOpened("C-1", protocolId: "missing"),
            f.line("CaseOpened", ["caseId": .string("C 2")]),
            "",
            f.placement("C-404"),
        ])
        #expect(violations.map(\.line) == [2, 3, 4, 4, 4, 4, 4, 4, 6])
        #expect(violations.contains { $0.line == 3 && $0.rule == "protocol.not-found" && $0.path == "data.protocolId" })
        #expect(violations.contains { $0.line == 4 && $0.rule == "identifier" && $0.path == "data.caseId" })
        #expect(violations.contains { $0.line == 6 && $0.rule == "case.not-found" })
        #expect(try store.ledger.size() == 0)
    }

    @Test("resending an event with the same content is skipped; with other content it is a conflict")
    func append_idempotencyAndConflict() throws {
        let store = try TempStore()
        var f = EventFactory()
        let p = f.protocolSigned("conv-1", id: "11111111-1111-4111-8111-111111111111")
        try store.append([p])
        let again = try store.append([p, f.caseOpened("C-1", protocolId: "conv-1")])
        #expect(again.appended == 1 && again.duplicates == 1 && again.treeSize == 2)
        // Upper-case ids are the same id.
        let upper = p.replacingOccurrences(of: "11111111-1111-4111-8111-111111111111", with: "11111111-1111-4111-8111-111111111111".uppercased())
        #expect(try store.append([upper]).duplicates == 1)
        let changed = f.protocolSigned("conv-2", id: "11111111-1111-4111-8111-111111111111")
        do {
            try store.append([changed])
            Issue.record("a reused id with other content was accepted")
        } catch let r as AppendRejected {
            #expect(r.isConflict)
            #expect(r.violations.map(\.rule) == [Violation.idConflict])
        }
        #expect(try store.ledger.size() == 2)
    }

    @Test("a resent id whose text differs only by Unicode normalisation is a conflict, not a duplicate")
    func append_idempotencyIsByteExact() throws {
        let store = try TempStore()
        var f = EventFactory()
        let id = "22222222-2222-4222-8222-222222222222"
        try store.append([f.protocolSigned("conv-1", extra: ["title": .string("Citt\u{E0} di Trecate")], id: id)])
        let decomposed = f.protocolSigned("conv-1", extra: ["title": .string("Citta\u{300} di Trecate")], id: id)
        do {
            try store.append([decomposed])
            Issue.record("NFD text under a stored NFC id was taken for the same content")
        } catch let r as AppendRejected {
            #expect(r.isConflict)
        }
    }

    @Test("expectedVersion must equal the stream's version, counting earlier lines of the batch")
    func append_expectedVersion() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1", expectedVersion: 0)])
        let stale = f.line("PlacementConfirmed", ["caseId": .string("C-1"), "employer": .string("X"), "contract": .string("permanent"),
                                                  "startOn": .string("2023-02-01"), "confirmedOn": .string("2023-02-02"), "evidence": .string("U-1")],
                           expectedVersion: 0)
        do {
            try store.append([stale])
            Issue.record("a stale expectedVersion was accepted")
        } catch let r as AppendRejected {
            #expect(r.isConflict && r.violations.first?.rule == Violation.versionConflict)
        }
        let fresh = f.line("CaseClosed", ["caseId": .string("C-1"), "reason": .string("withdrawn"), "closedOn": .string("2023-02-01")], expectedVersion: 1)
        #expect(try store.append([fresh]).appended == 1)
        #expect(try store.rejections([f.caseOpened("C-1", protocolId: "conv-1", expectedVersion: 0)]).map(\.rule).contains("case.exists"))
    }

    @Test("a batch spanning several decoding chunks keeps line order, sees earlier chunks, and stays atomic")
    func append_acrossChunks() throws {
        let store = try TempStore()
        var f = EventFactory()
        // 20,000 lines: three chunks of the pipelined decoder (8,192 lines each).
        var lines = [f.protocolSigned("conv-1")]
        lines += (0..<10_000).map { f.caseOpened("C-\($0)", protocolId: "conv-1", person: "P-\($0)") }
        lines += (0..<9_999).map { f.closed("C-\($0)") }   // each close depends on a line one or two chunks earlier
        var bad = lines
        bad[19_500] = f.closed("C-missing")
        #expect(try store.rejections(bad).map(\.line) == [19_501])
        #expect(try store.ledger.size() == 0)
        let s = try store.append(lines)
        #expect(s.appended == 20_000 && s.lastSeq == 19_999)
        // Seq follows line order across chunk boundaries: 1…10,000 open C-0…, then 10,001… close C-0….
        for seq: UInt64 in [8_191, 8_192, 8_193, 10_000, 10_001, 16_384, 16_385, 19_999] {
            switch try store.record(seq).payload {
            case .caseOpened(let o): #expect(seq <= 10_000 && o.caseId == "C-\(seq - 1)")
            case .caseClosed(let c): #expect(seq > 10_000 && c.caseId == "C-\(seq - 10_001)")
            default: Issue.record("seq \(seq) is not a case event")
            }
        }
        #expect(try store.ledger.verify().ok)
    }

    @Test("an empty or blank-only batch appends nothing and succeeds")
    func append_emptyBatch() throws {
        let store = try TempStore()
        let s = try store.append(["", "  ", ""])
        #expect(s.appended == 0 && s.firstSeq == nil && s.treeSize == 0)
    }
}
