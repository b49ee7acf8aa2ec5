import AlboTestSupport
import Foundation
@testable import LMDB
import Testing

private func tempPath() -> String { NSTemporaryDirectory() + "albo-lmdb-" + UUID().uuidString }

/// A new environment with readahead on or off, holding one entry ([1] → [2]) in "data".
private func smallEnvironment(readAhead: Bool) throws -> (Environment, String) {
    let path = tempPath()
    var options = Environment.Options()
    options.readAhead = readAhead
    let env = try Environment(path: path, options: options)
    try env.write { txn in try txn.put(try txn.open("data"), [1], [2]) }
    return (env, path)
}

@Suite("Readahead on the map")
struct ReadAheadTests {
    @Test("without readahead the data file's mapping is advised random access (MDB_NORDAHEAD); with it, not")
    func readAhead_setsTheMappingsAdvice() throws {
        for readAhead in [false, true] {
            let (env, path) = try smallEnvironment(readAhead: readAhead)
            defer { try? FileManager.default.removeItem(atPath: path) }
            try withExtendedLifetime(env) {
                let mappings = try mappingFlags(of: path + "/data.mdb")
                #expect(mappings.count == 1, "mappings of data.mdb: \(mappings)")
                // "rr": VM_RAND_READ, what madvise(MADV_RANDOM) sets on the mapping.
                #expect(mappings.first?.contains("rr") == !readAhead, "readAhead \(readAhead): VmFlags \(mappings)")
            }
        }
    }

    @Test("a scan prefetcher is active on a map without readahead, found in this process's mappings, and off on one with it")
    func scanPrefetch_findsTheMap() throws {
        for readAhead in [false, true] {
            let (env, path) = try smallEnvironment(readAhead: readAhead)
            defer { try? FileManager.default.removeItem(atPath: path) }
            try env.read { txn in
                let db = try txn.open("data", create: false)
                #expect(txn.scanPrefetch().isActive == !readAhead)
                // The mapping found is the one LMDB's values point into.
                let key: [UInt8] = [1]
                let value = try #require(try key.withUnsafeBytes { try txn.get(db, $0) })
                let map = try #require(env.mapping)
                #expect(value.baseAddress! >= map.base && value.baseAddress! < map.base + map.size)
                #expect(map.pageSize == 4096)
            }
        }
    }

    @Test("a forward scan asks for the next 4 MiB every 2 MiB, again after a jump back, never past the map")
    func scanPrefetch_advisesAheadOfTheScan() {
        let base: UInt = 0x4000_0000
        let mib: UInt = 1 << 20
        var advised: [(UInt, Int)] = []
        var ahead = ScanPrefetch(mapStart: base, mapSize: 16 * mib) { advised.append(($0, $1)) }
        ahead.reached(address: base + 100)
        ahead.reached(address: base + mib)              // inside the first half of the window
        #expect(advised.map(\.0) == [base])
        #expect(advised.map(\.1) == [4 << 20])
        ahead.reached(address: base + 2 * mib + 4_100)  // past half the window: the next one
        #expect(advised.map(\.0) == [base, base + 2 * mib + 4_096])
        ahead.reached(address: base + 5_000)            // a jump back (a page out of file order)
        #expect(advised.last?.0 == base + 4_096)
        ahead.reached(address: base + 15 * mib)         // near the end: cut at the map's end
        #expect(advised.last?.0 == base + 15 * mib)
        #expect(advised.last?.1 == Int(mib))
        let count = advised.count
        ahead.reached(address: base + 16 * mib)         // outside the map
        ahead.reached(address: base - 4_096)
        #expect(advised.count == count)

        var warm = ScanPrefetch(mapStart: base, mapSize: 16 * mib, isResident: { $0 != base + 4 * mib + 2 * mib }) { advised.append(($0, $1)) }
        warm.reached(address: base + 100)
        #expect(advised.count == count, "a window in memory is not advised")
        warm.reached(address: base + 4 * mib)           // the next window's middle page is not in memory
        #expect(advised.last?.0 == base + 4 * mib && advised.count == count + 1)
        advised.removeLast()

        var off = ScanPrefetch(mapStart: base, mapSize: 0) { advised.append(($0, $1)) }
        off.reached(address: base + 100)
        #expect(advised.count == count, "an environment that reads ahead itself is never advised")
    }
}
