import AlboTestSupport
import Foundation
@testable import LMDB
import Testing

private func tempPath() -> String { NSTemporaryDirectory() + "albo-lmdb-" + UUID().uuidString }

/// A store whose "rows" database was filled in random key order over many transactions, so
/// that its leaves lie out of key order in the file, as a rebuilt projection's do.
private func scatteredStore(readAhead: Bool, rows: Int = 40_000) throws -> (Environment, String) {
    let path = tempPath()
    var options = Environment.Options()
    options.readAhead = readAhead
    let env = try Environment(path: path, options: options)
    var generator = SystemRandomNumberGenerator()
    let keys = (0..<rows).map { _ in (0..<12).map { _ in UInt8.random(in: 0...255, using: &generator) } }
    for chunk in stride(from: 0, to: rows, by: 4_000) {
        try env.write { txn in
            let db = try txn.open("rows")
            for key in keys[chunk..<min(rows, chunk + 4_000)] { try txn.put(db, key, Array(repeating: key[0], count: 90)) }
            // Another database growing beside it, as the other projections do.
            try txn.put(try txn.open("other"), Array("\(chunk)".utf8), Array(repeating: 7, count: 3_000))
        }
    }
    return (env, path)
}

/// The leaf pages a cursor walk enters, in order: the page each key it returns lies in.
private func walkedLeaves(_ txn: Transaction, _ db: Database, base: UnsafeRawPointer, pageSize: Int,
                          _ onKey: (UnsafeRawBufferPointer) -> Void = { _ in }) throws -> [Int] {
    try txn.withCursor(db) { c in
        var pages: [Int] = []
        var entry = try c.first()
        while let e = entry {
            onKey(e.key)
            let page = (e.key.baseAddress! - base) / pageSize
            if pages.last != page { pages.append(page) }
            entry = try c.next()
        }
        return pages
    }
}

@Suite("Prefetching a walk of a B-tree in key order")
struct TreePrefetchTests {
    @Test("the leaves read from the branch pages are those a cursor walk enters, in the same order")
    func leaves_areTheCursorsLeavesInOrder() throws {
        let (env, path) = try scatteredStore(readAhead: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try env.read { txn in
            let db = try txn.open("rows", create: false)
            var listed: [Int] = []
            var prefetch = TreePrefetch(txn, db) { _, _ in }
            #expect(prefetch.isActive)
            while let leaf = prefetch.nextLeaf() { listed.append(Int(leaf)) }
            let (base, pageSize) = mapOf(env)
            let walked = try walkedLeaves(txn, db, base: base, pageSize: pageSize)
            #expect(walked.count > 100)
            #expect(listed == walked)
            // Scattered, which is why the prefetch is needed: not in file order.
            #expect(walked != walked.sorted())
        }
    }

    @Test("during a walk every leaf is advised before the cursor enters it, one page each, no more than a window ahead")
    func walk_isAdvisedAhead() throws {
        let (env, path) = try scatteredStore(readAhead: false, rows: 30_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try env.read { txn in
            let db = try txn.open("rows", create: false)
            let (base, pageSize) = mapOf(env)
            var advised: [Int] = []
            var advisedSet = Set<Int>()
            var prefetch = TreePrefetch(txn, db, window: 64, advise: { p, n in
                #expect(n == pageSize)
                advised.append((p - base) / pageSize)
                advisedSet.insert((p - base) / pageSize)
            }, isResident: { _ in false })
            var late: [Int] = []
            var maxAhead = 0
            let walked = try walkedLeaves(txn, db, base: base, pageSize: pageSize) { key in
                prefetch.reached(key)
                let page = (key.baseAddress! - base) / pageSize
                if !advisedSet.contains(page) { late.append(page) }
                maxAhead = max(maxAhead, advised.count - prefetch.visited)
            }
            #expect(walked.count > 4 * prefetch.window, "the test needs more leaves than a few windows: \(walked.count)")
            #expect(maxAhead == prefetch.window, "advised ahead of the cursor at most (the window grows to its size): \(maxAhead)")
            #expect(late.isEmpty, "leaves entered before being advised: \(late.prefix(5))")
            #expect(advised == walked, "every leaf advised once, in key order")
            #expect(prefetch.visited == walked.count)
        }
    }

    @Test("from a seek, the leaves listed are the walked leaves from the seek's own; a short read asks for little")
    func seek_listsTheLeavesFromThere() throws {
        let (env, path) = try scatteredStore(readAhead: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try env.read { txn in
            let db = try txn.open("rows", create: false)
            let (base, pageSize) = mapOf(env)
            let walked = try walkedLeaves(txn, db, base: base, pageSize: pageSize)
            var generator = SystemRandomNumberGenerator()
            let starts: [[UInt8]] = [[0], [255, 255, 255], [128], [128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]
                + (0..<50).map { _ in (0..<Int.random(in: 1...14, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) } }
            for start in starts {
                let landed = try txn.withCursor(db) { c in try c.seek(start).map { ($0.key.baseAddress! - base) / pageSize } }
                var prefetch = start.withUnsafeBytes { TreePrefetch(txn, db, from: $0) { _, _ in } }
                var listed: [Int] = []
                while let leaf = prefetch.nextLeaf() { listed.append(Int(leaf)) }
                guard let landed else {
                    #expect(listed.count <= 1, "a seek past the last key: at most the last leaf is listed")
                    continue
                }
                let from = try #require(walked.firstIndex(of: landed))
                // The descent picks the leaf the key would go in; when every key there is
                // smaller, the cursor moves on to the next leaf.
                let tail = listed.first == landed ? listed : Array(listed.dropFirst())
                #expect(tail == Array(walked[from...]), "seek \(start): listed from \(listed.first ?? -1), landed on \(landed)")
                #expect(listed.count - tail.count <= 1)
            }
            var advised = 0
            var short = [UInt8]([7]).withUnsafeBytes { TreePrefetch(txn, db, from: $0, advise: { _, _ in advised += 1 }, isResident: { _ in false }) }
            try txn.withCursor(db) { c in
                if let e = try [UInt8]([7]).withUnsafeBytes({ try c.seek($0) }) { short.reached(e.key) }
            }
            #expect(advised == 1 + TreePrefetch.firstSpan, "the seek's own leaf and the first span after it")
        }
    }

    @Test("leaves already in memory are not advised again; the walk still counts them; mincore tells a touched page")
    func residentLeaves_areNotAdvised() throws {
        let (env, path) = try scatteredStore(readAhead: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try env.read { txn in
            let db = try txn.open("rows", create: false)
            let (base, pageSize) = mapOf(env)
            var advised = 0
            var prefetch = TreePrefetch(txn, db, window: 64, advise: { _, _ in advised += 1 }, isResident: { _ in true })
            let walked = try walkedLeaves(txn, db, base: base, pageSize: pageSize) { prefetch.reached($0) }
            #expect(advised == 0)
            #expect(prefetch.visited == walked.count && prefetch.advised == walked.count)
            // The walk read every leaf: each is in memory now.
            #expect(walked.allSatisfy { TreePrefetch.inMemory(base + $0 * pageSize) })
        }
    }

    @Test("a prefetching cursor starts prefetching once a walk leaves its first leaf and lists every leaf after; a short read and a plain cursor list none")
    func cursor_prefetchesItsWalks() throws {
        let (env, path) = try scatteredStore(readAhead: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try env.read { txn in
            let db = try txn.open("rows", create: false)
            let (base, pageSize) = mapOf(env)
            let walked = try walkedLeaves(txn, db, base: base, pageSize: pageSize)
            try txn.withCursor(db, prefetching: true) { c in
                var entry = try c.first()
                while entry != nil { entry = try c.next() }
                #expect(c.prefetchedLeaves == walked.count - 1)
            }
            try txn.withCursor(db, prefetching: true) { c in
                let start = try #require(try c.seek([128]))
                let page = (start.key.baseAddress! - base) / pageSize
                while let e = try c.next(), (e.key.baseAddress! - base) / pageSize == page {}
                #expect(c.prefetchedLeaves == 1 + TreePrefetch.firstSpan, "a walk one leaf past its seek lists that leaf and the first span")
                _ = try c.seek([128])
                #expect(c.prefetchedLeaves == 0, "a new seek ends the walk, and starts none until it leaves its leaf")
            }
            try txn.withCursor(db) { c in
                var entry = try c.first()
                while entry != nil { entry = try c.next() }
                #expect(c.prefetchedLeaves == 0)
            }
        }
    }

    @Test("inactive where it must not guess: a write transaction, a one-page tree")
    func inactive_whereItWouldGuess() throws {
        let (env, path) = try scatteredStore(readAhead: false, rows: 8_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try env.write { txn in
            let db = try txn.open("rows")
            try txn.put(db, [0], [0])
            #expect(!TreePrefetch(txn, db).isActive)
            try txn.put(try txn.open("single"), [1], [1])
        }
        try env.read { txn in
            let rows = try txn.open("rows", create: false), single = try txn.open("single", create: false)
            #expect(TreePrefetch(txn, rows).isActive)
            #expect(!TreePrefetch(txn, single).isActive)
        }
    }

    @Test("on a map that reads ahead, a walk advises it random access while it runs, and normal again after")
    func walk_turnsReadaheadOffWhileItRuns() throws {
        let (env, path) = try scatteredStore(readAhead: true, rows: 8_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try withExtendedLifetime(env) {
            var during: [[String]] = []
            var count = 0
            try env.read { txn in
                try txn.walk(try txn.open("rows", create: false)) { _ in
                    if count == 0 { during = (try? mappingFlags(of: path + "/data.mdb")) ?? [] }
                    count += 1
                }
            }
            #expect(count == 8_000)
            // "rr": VM_RAND_READ, what madvise(MADV_RANDOM) sets on the mapping.
            #expect(during.first?.contains("rr") == true, "VmFlags during the walk: \(during)")
            #expect(try mappingFlags(of: path + "/data.mdb").first?.contains("rr") == false)
        }
    }
}

private func mapOf(_ env: Environment) -> (UnsafeRawPointer, Int) {
    let p = env.mapping!
    return (p.base, p.pageSize)
}
