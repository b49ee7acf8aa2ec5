import AlboLog
import AlboTestSupport
import Foundation
import Testing

@Suite("A store's readahead")
struct ReadAheadLedgerTests {
    @Test("a store is opened for random access unless the command scans the whole log (verify, backup, publish)")
    func ledger_readAheadOnlyWhenScanning() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.protocolSigned("PR-1")])
        let data = store.path + "/data.mdb"
        let first = try mappingFlags(of: data)
        #expect(first.count == 1 && first[0].contains("rr"), "the default open keeps readahead on: VmFlags \(first)")
        let scanning = try Ledger(path: store.path, mode: .readOnly, readAhead: true)
        try withExtendedLifetime(scanning) {
            #expect(try scanning.reader.size() == 1)
            let both = try mappingFlags(of: data)
            #expect(both.count == 2 && both.filter { $0.contains("rr") }.count == 1,
                    "a scanning open should keep readahead on, the other not: \(both)")
        }
    }
}
