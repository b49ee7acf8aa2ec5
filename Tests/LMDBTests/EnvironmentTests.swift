import Foundation
import LMDB
import Testing

private func tempPath() -> String { NSTemporaryDirectory() + "albo-lmdb-" + UUID().uuidString }

@Suite("The LMDB layer")
struct EnvironmentTests {
    @Test("a full map is grown and the whole write transaction run again, with nothing lost")
    func write_growsTheMapOnMapFull() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = Environment.Options()
        options.initialMapSize = 64 << 10   // 64 KiB: a few pages
        let env = try Environment(path: path, options: options)
        let before = env.mapSize
        var attempts = 0
        try env.write { txn in
            attempts += 1
            let db = try txn.open("data")
            for i in UInt64(0)..<5_000 {
                try txn.put(db, BigEndian.bytes(i), [UInt8](repeating: UInt8(i & 0xFF), count: 100), .append)
            }
        }
        #expect(attempts > 1, "the batch never met MDB_MAP_FULL, so growth was not exercised")
        #expect(env.mapSize > before)
        try env.read { txn in
            let db = try txn.open("data", create: false)
            #expect(try txn.count(db) == 5_000)
            #expect(try txn.get(db, BigEndian.bytes(4_999)) == [UInt8](repeating: UInt8(4_999 & 0xFF), count: 100))
        }
    }

    @Test("the map is never resized under a read transaction of this process: growth waits until it ends")
    func resize_waitsForReaders() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = Environment.Options()
        options.initialMapSize = 1 << 20
        let env = try Environment(path: path, options: options)
        try env.write { txn in try txn.put(try txn.open("data"), [1], [UInt8](repeating: 7, count: 4_000)) }
        let resized = Flag()
        let grower = DispatchGroup()
        try env.read { txn in
            let value = try txn.get(try txn.open("data", create: false), [1])
            // Another thread grows the map while this read transaction, and LMDB's pointer
            // into the map, are alive. mdb_env_set_mapsize would remap at once (moving the
            // map and invalidating the pointer); the map lock makes it wait for this reader.
            DispatchQueue.global().async(group: grower) {
                try? env.reserve(64 << 20)
                resized.set()
            }
            Thread.sleep(forTimeInterval: 0.3)
            #expect(!resized.isSet, "the map was resized while a read transaction was open")
            #expect(value == [UInt8](repeating: 7, count: 4_000))
        }
        grower.wait()
        #expect(resized.isSet && env.mapSize >= 64 << 20, "the growth never happened once the reader ended")
    }

    @Test("a map that fills at commit (writing the free list after a big delete) is grown and the transaction run again")
    func write_growsTheMapWhenCommitMeetsMapFull() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            var roomy = Environment.Options()
            roomy.initialMapSize = 512 << 20
            let env = try Environment(path: path, options: roomy)
            for batch in UInt64(0)..<4 {
                try env.write { txn in
                    let big = try txn.open("big")
                    for i in (batch * 50_000)..<((batch + 1) * 50_000) {
                        try txn.put(big, BigEndian.bytes(i), [UInt8](repeating: 7, count: 200), .append)
                    }
                    try txn.put(try txn.open("kept"), Array("k".utf8), [1])
                }
            }
        }
        // Reopened with a tiny map, LMDB sizes the map to exactly what is used: no free page left.
        var tight = Environment.Options()
        tight.initialMapSize = 64 << 10
        let env = try Environment(path: path, options: tight)
        var attempts = 0
        try env.write { txn in
            attempts += 1
            try txn.clear(try txn.open("big"))
        }
        #expect(attempts == 2, "the commit never met MDB_MAP_FULL, so the path was not exercised")
        let (left, kept) = try env.read { txn in
            (try txn.count(try txn.open("big", create: false)), try txn.get(try txn.open("kept", create: false), Array("k".utf8)))
        }
        #expect(left == 0)
        #expect(kept == [1])
    }

    @Test("a thrown error aborts the transaction: nothing it wrote remains")
    func write_abortsOnError() throws {
        struct Boom: Error {}
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let env = try Environment(path: path)
        try env.write { txn in try txn.put(try txn.open("data"), Array("kept".utf8), [1]) }
        #expect(throws: Boom.self) {
            try env.write { txn in
                try txn.put(try txn.open("data"), Array("lost".utf8), [2])
                throw Boom()
            }
        }
        try env.read { txn in
            let db = try txn.open("data", create: false)
            #expect(try txn.get(db, Array("kept".utf8)) == [1])
            #expect(try txn.get(db, Array("lost".utf8)) == nil)
        }
    }

    @Test("big-endian keys sort numerically; MDB_APPEND refuses a key out of order with LMDB's own error")
    func bigEndian_orderAndAppend() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let env = try Environment(path: path)
        let keys: [UInt64] = [1, 255, 256, 65_536, 1 << 40]
        try env.write { txn in
            let db = try txn.open("seq")
            for k in keys { try txn.put(db, BigEndian.bytes(k), [0], .append) }
        }
        let scanned = try env.read { txn in
            try txn.withCursor(try txn.open("seq", create: false)) { c -> [UInt64] in
                var out: [UInt64] = []
                var e = try c.first()
                while let entry = e { out.append(BigEndian.uint64(entry.key) ?? 0); e = try c.next() }
                return out
            }
        }
        #expect(scanned == keys)
        do {
            try env.write { txn in try txn.put(try txn.open("seq"), BigEndian.bytes(2), [0], .append) }
            Issue.record("an out-of-order MDB_APPEND was accepted")
        } catch let e as LMDBError {
            #expect(e.code == .keyExists)
            #expect(e.message.contains("MDB_KEYEXIST"))
        }
    }

    @Test("cursor seek lands on the first key at or after the one asked for")
    func cursor_seek() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let env = try Environment(path: path)
        try env.write { txn in
            let db = try txn.open("s")
            for name in ["case:A", "case:B", "hire:H"] { try txn.put(db, Array(name.utf8), [1]) }
        }
        try env.read { txn in
            try txn.withCursor(try txn.open("s", create: false)) { c in
                func name(_ e: Cursor.Entry?) -> String? { e.map { String(decoding: $0.key, as: UTF8.self) } }
                let afterAZ = name(try c.seek(Array("case:AZ".utf8)))
                let before = name(try c.previous())
                let pastEnd = try c.seek(Array("z".utf8))
                let last = name(try c.last())
                #expect(afterAZ == "case:B")
                #expect(before == "case:A")
                #expect(pastEnd == nil)
                #expect(last == "hire:H")
            }
        }
    }

    @Test("openIfExists is nil for a database never created, in read and write transactions alike")
    func openIfExists_doesNotCreate() throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let env = try Environment(path: path)
        let before = try env.read { txn in try txn.openIfExists("p.cases") == nil }
        let stillMissing = try env.write { txn in try txn.openIfExists("p.cases") == nil }
        try env.write { txn in try txn.put(try txn.open("p.cases"), Array("k".utf8), [1]) }
        let value = try env.read { txn in try txn.openIfExists("p.cases").map { try txn.get($0, Array("k".utf8)) } }
        #expect(before && stillMissing)
        #expect(value == .some([1]))
    }

    @Test("a missing environment is not created when asked not to, and the error says so")
    func open_missingWithoutCreate() throws {
        var options = Environment.Options()
        options.create = false
        do {
            _ = try Environment(path: tempPath(), options: options)
            Issue.record("a missing environment was opened")
        } catch {
            #expect(error.code == .noSuchFile)
        }
    }
}

/// A flag set by one thread and read by another.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
