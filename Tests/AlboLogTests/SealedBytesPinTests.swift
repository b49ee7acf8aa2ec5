import AlboDomain
import AlboSealing
import AlboTestSupport
@testable import AlboLog
import Foundation
import Testing

/// The sealed store's bytes never change with the code that seals them: an ESF+ scenario
/// (structured personal fields), a synthetic log, and lines whose personal values and member
/// order need escaping, unescaping and sorting, sealed with test keys, give the pinned root
/// and a resubmission of the same lines is recognised as duplicates.
@Suite("Sealed bytes pinned")
struct SealedBytesPinTests {

    /// Lines whose personal values hold escapes, non-ASCII text, and members out of order
    /// (the participant's too): each is stored canonically, then sealed.
    static let awkward = #"""
    {"id":"a0000000-0000-4000-8000-000000000001","type":"ProtocolSigned","recordedBy":"op-x","data":{"protocolId":"pin-1","title":"Pin","kind":"convention","parties":["Comune di Trecate","Comune di Cerano"],"signedOn":"2022-12-22","validFrom":"2023-01-01","validTo":"2025-12-31"}}
    {"id":"A0000000-0000-4000-8000-000000000002","type":"CaseOpened","recordedBy":"op-x","data":{"targetGroup":"other","openedOn":"2023-03-01","desk":"Trecate","person":"P-PIN-1","protocolId":"pin-1","caseId":"PIN-1","referredBy":"Servizi \"Sociali\" \\ Trecate \u00e9\u00E8 \ud83d\ude00 \/ end \u0041","participant":{"rural":true,"ageAtEntry":41,"gender":"female","labourStatus":"inactive","education":"isced-3-4","disability":false,"thirdCountNational":false,"foreignBackground":false}}}
    {"id":"a0000000-0000-4000-8000-000000000003","type":"PlacementConfirmed","recordedBy":"op-x","data":{"caseId":"PIN-1","employer":"Caf\u00e9 \u2028 «Rossi» \"Srl\"","contract":"permanent","startOn":"2023-10-15","confirmedOn":"2023-09-17","evidence":"UNILAV\\2023\u00ff"}}
    {"id":"a0000000-0000-4000-8000-000000000004","type":"CaseOpened","recordedBy":"op-x","data":{"caseId":"PIN-2","person":"P-PIN-2","protocolId":"pin-1","desk":"Trecate","targetGroup":"unemployed-over-45","openedOn":"2023-03-02"}}
    {"id":"a0000000-0000-4000-8000-000000000005","type":"TraineeshipStarted","recordedBy":"op-x","data":{"caseId":"PIN-2","traineeshipId":"PIN-T-1","host":"Ospite \u00ab\u00e9\u00bb","kind":"extracurricular","startOn":"2023-04-01","plannedEndOn":"2023-09-01"}}
    {"id":"a0000000-0000-4000-8000-000000000006","type":"CaseOpened","recordedBy":"op-x","data":{"caseId":"PIN-3","person":"P-PIN-1","protocolId":"pin-1","desk":"Trecate","targetGroup":"other","openedOn":"2023-03-03","participant":{"gender":"male","ageAtEntry":25,"labourStatus":"inactive","education":"isced-3-4","disability":false,"thirdCountNational":false,"foreignBackground":false,"rural":false}}}
    {"id":"a0000000-0000-4000-8000-000000000007","type":"CaseClosed","recordedBy":"op-x","data":{"caseId":"PIN-3","reason":"completed","closedOn":"2023-11-30","resultsOnLeaving":["qualification"]}}
    {"id":"a0000000-0000-4000-8000-000000000008","type":"CaseClosed","recordedBy":"op-x","data":{"caseId":"PIN-2","reason":"completed","closedOn":"2023-11-30"}}
    """#

    @Test("an ESF+ scenario, awkward lines and a synthetic log, sealed with test keys, give the pinned root")
    func sealedStore_bytesPinned() throws {
        let dir = try TempDirectory()
        let esf = dir.path + "/esf.ndjson", synthetic = dir.path + "/syn.ndjson"
        #expect(try Subprocess.python([Paths.tool("generate.py"), "esf", "--out", esf]).code == 0)
        #expect(try Subprocess.python([Paths.tool("generate.py"), "synthetic", "--events", "20000", "--seed", "5", "--out", synthetic]).code == 0)
        let awkward = try dir.file("awkward.ndjson", Self.awkward + "\n")
        let store = dir.path + "/sealed"
        let ledger = try Ledger(path: store, create: true, origin: "roots.example/albo", sealed: true, keySource: SealedRootStabilityTests.keys)
        var last: AppendSummary?
        for path in [esf, awkward, synthetic] { last = try ledger.append(try BatchInput(path: path), recordedAt: RootStabilityTests.clock) }
        let again = try ledger.append(try BatchInput(path: awkward), recordedAt: RootStabilityTests.clock)
        #expect(again.appended == 0 && again.duplicates == 8)
        #expect(again.rootHash == last?.rootHash)
        let report = try ledger.verify()
        #expect(report.ok, "\(report.problems.prefix(3))")
        #expect(report.rootHash.hex == Self.root)
        #expect(report.treeSize == Self.size)
    }

    // Computed with the code before sealing was made cheaper (main at 55fa20b: parse, seal the
    // object, encode again), with these files in this order.
    static let size: UInt64 = 21341
    static let root = "3a52019ceda58643525ec905005d3572e2d3701677b5107a5c5343251e599012"
}
