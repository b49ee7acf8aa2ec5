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

    @Test("a future computes in the background and hands over its value or its error")
    func future_valueAndError() throws {
        struct Boom: Error {}
        let ok = Parallel.Future { (0..<1_000).reduce(0, +) }
        let bad = Parallel.Future<Int> { throw Boom() }
        #expect(try ok.value() == 499_500)
        #expect(throws: Boom.self) { try bad.value() }
    }
}
