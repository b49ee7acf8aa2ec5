import AlboDomain
import AlboSealing
import AlboTestSupport
@testable import AlboLog
import Foundation
import LMDB
import Testing

/// `verify` of a sealed store finds personal data stored in clear, and boxes moved between events.
@Suite("Verify, sealed store")
struct SealedVerifyTests {
    static let lines = [
        #"{"id":"00000000-0000-4000-8000-000000000001","type":"ProtocolSigned","recordedBy":"op-1","data":{"protocolId":"p-1","title":"T","kind":"convention","parties":["A","B"],"signedOn":"2022-01-01","validFrom":"2022-01-01"}}"#,
        #"{"id":"00000000-0000-4000-8000-000000000002","type":"CaseOpened","recordedBy":"op-1","data":{"caseId":"C-1","person":"P-1","protocolId":"p-1","desk":"D","targetGroup":"disability","openedOn":"2022-02-01"}}"#,
        #"{"id":"00000000-0000-4000-8000-000000000003","type":"CaseOpened","recordedBy":"op-1","data":{"caseId":"C-2","person":"P-2","protocolId":"p-1","desk":"D","targetGroup":"other","openedOn":"2022-02-01"}}"#,
    ]

    private func sealedStore() throws -> (TempDirectory, Ledger) {
        let dir = try TempDirectory()
        let ledger = try Ledger(path: dir.path + "/s", create: true, sealed: true, keySource: .derived(from: [1, 2, 3]))
        _ = try ledger.append(BatchInput(bytes: Array(Self.lines.joined(separator: "\n").utf8)))
        return (dir, ledger)
    }

    /// Rewrites stored record `seq` with `change` applied to its data (the leaf no longer matches either).
    private func rewrite(_ ledger: Ledger, seq: UInt64, _ change: (inout [String: JSONValue]) -> Void) throws {
        let record = try ledger.read { try $0.record(seq: seq) }
        var data = try record.decodedData()
        change(&data)
        var bytes: [UInt8] = []
        StoredRecord.canonicalBytes(data: data, id: record.id, recordedAt: record.recordedAt, recordedBy: record.recordedBy,
                                    seq: seq, stream: record.stream, type: record.type, version: record.version, into: &bytes)
        try ledger.env.write { txn in
            let db = try txn.open("events")
            try txn.put(db, BigEndian.bytes(seq), bytes)
        }
    }

    @Test("a clean sealed store verifies; a person in clear or a box from another event is named")
    func verify_findsClearAndMovedValues() throws {
        let (d1, clean) = try sealedStore()
        defer { withExtendedLifetime(d1) {} }
        #expect(try clean.verify().ok)

        let (d2, clear) = try sealedStore()
        defer { withExtendedLifetime(d2) {} }
        try rewrite(clear, seq: 1) { $0["person"] = .string("P-1") }
        let p1 = try clear.verify().problems.filter { $0.check == "record.sealing" }
        #expect(p1.map(\.seq) == [1] && p1.first?.message.contains("person is stored in clear") == true)

        let (d3, moved) = try sealedStore()
        defer { withExtendedLifetime(d3) {} }
        let other = try moved.read { try $0.record(seq: 2).decodedData() }
        try rewrite(moved, seq: 1) { $0["targetGroup"] = other["targetGroup"] }
        let p2 = try moved.verify().problems.filter { $0.check == "record.sealing" }
        #expect(p2.contains { $0.seq == 1 && $0.message.contains("targetGroup is sealed for event") })
    }

    @Test("a case opened again after its opening was voided seals its later events for the new person")
    func reopenedCase_sealsForTheNewSubject() throws {
        let (dir, ledger) = try sealedStore()
        defer { withExtendedLifetime(dir) {} }
        let more = [
            #"{"id":"00000000-0000-4000-8000-000000000004","type":"EventVoided","recordedBy":"op-1","data":{"eventId":"00000000-0000-4000-8000-000000000002","reason":"wrong person"}}"#,
            #"{"id":"00000000-0000-4000-8000-000000000005","type":"CaseOpened","recordedBy":"op-1","data":{"caseId":"C-1","person":"P-9","protocolId":"p-1","desk":"D","targetGroup":"other","openedOn":"2022-02-01"}}"#,
        ]
        _ = try ledger.append(BatchInput(bytes: Array(more.joined(separator: "\n").utf8)))
        // In a later batch, so the subject is read back from the log, not from the batch.
        let placement = #"{"id":"00000000-0000-4000-8000-000000000006","type":"PlacementConfirmed","recordedBy":"op-1","data":{"caseId":"C-1","employer":"E","contract":"permanent","startOn":"2022-03-01","confirmedOn":"2022-03-01","evidence":"U-1"}}"#
        _ = try ledger.append(BatchInput(bytes: Array(placement.utf8)))
        let keys = try ledger.keyring()
        let record = try ledger.read { try $0.record(seq: 5) }
        #expect(Keyring.subjects(of: record) == [try #require(keys.subject(of: "P-9"))])
        #expect(try ledger.verify().ok)
    }
}
