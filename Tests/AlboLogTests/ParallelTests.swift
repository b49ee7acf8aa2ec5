import AlboLog
import Foundation
import Synchronization
import Testing

/// The one parallel mechanism: order, completeness, errors, and real concurrency.
@Suite("Parallel")
struct ParallelTests {
    @Test("map covers every index exactly once, in slice order, for any count and number of parts")
    func map_coversEveryIndexInOrder() throws {
        for count in [0, 1, 2, 7, 100, 1_001] {
            for parts in [1, 2, 3, 8, 64] {
                let slices = try Parallel.map(count, parts: parts) { Array($0) }
                #expect(slices.joined().elementsEqual(0..<count), "count \(count), parts \(parts)")
                #expect(slices.count == max(1, min(parts, count)))
            }
        }
    }

    @Test("map rethrows a worker's error after every slice has finished")
    func map_rethrowsAfterAllFinish() {
        struct Boom: Error {}
        let finished = Atomic<Int>(0)
        #expect(throws: Boom.self) {
            _ = try Parallel.map(8, parts: 8) { range in
                defer { finished.add(1, ordering: .relaxed) }
                if range.lowerBound == 3 { throw Boom() }
                return range.lowerBound
            }
        }
        #expect(finished.load(ordering: .relaxed) == 8)
    }

    @Test("compactMap keeps every non-nil result once, in index order, for any count and number of parts; each value is moved, never copied or dropped")
    func compactMap_inOrderAndMoved() throws {
        for count in [0, 1, 2, 5, 7, 100, 1_001] {
            for parts in [1, 2, 3, 4, 8, 64] {
                let live = LiveCount()
                do {
                    let kept = try Parallel.compactMap(count, parts: parts) { i in i % 3 == 1 ? nil : Counted(i, live) }
                    #expect(kept.map(\.value) == (0..<count).filter { $0 % 3 != 1 }, "count \(count), parts \(parts)")
                    #expect(live.value == kept.count)
                }
                // Every value made was released with the array: none leaked, none released twice.
                #expect(live.value == 0, "count \(count), parts \(parts)")
            }
        }
    }

    @Test("compactMap rethrows a worker's error and releases what the other slices had made")
    func compactMap_errorReleasesEverything() {
        struct Boom: Error {}
        let live = LiveCount()
        #expect(throws: Boom.self) {
            _ = try Parallel.compactMap(1_000, parts: 4) { i in
                if i == 600 { throw Boom() }
                return Counted(i, live)
            }
        }
        #expect(live.value == 0)
    }

    @Test("a future computes in the background and hands over its value or its error")
    func future_valueAndError() throws {
        struct Boom: Error {}
        let ok = Parallel.Future { (0..<1_000).reduce(0, +) }
        let bad = Parallel.Future<Int> { throw Boom() }
        #expect(try ok.value() == 499_500)
        #expect(throws: Boom.self) { try bad.value() }
    }
}

/// How many `Counted` values are alive.
private final class LiveCount: Sendable {
    let n = Atomic<Int>(0)
    var value: Int { n.load(ordering: .relaxed) }
}

/// A value that counts the live instances of itself.
private final class Counted: Sendable {
    let value: Int
    let live: LiveCount

    init(_ value: Int, _ live: LiveCount) {
        self.value = value
        self.live = live
        live.n.add(1, ordering: .relaxed)
    }

    deinit { live.n.subtract(1, ordering: .relaxed) }
}
