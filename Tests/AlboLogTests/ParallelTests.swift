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

    @Test("compactMap(finding:) keeps every non-nil result once, in the order found, across any number of batches")
    func compactMapFinding_inOrderAcrossBatches() throws {
        // Each range is one byte of a buffer that holds its index modulo 251.
        let bytes = (0..<2_000).map { UInt8($0 % 251) }
        try bytes.withUnsafeBytes { all in
            for count in [0, 1, 6, 7, 8, 100, 2_000] {
                for batch in [1, 3, 7, 64, 8_192] {
                    let live = LiveCount()
                    do {
                        let kept = try Parallel.compactMap(finding: { found in
                            for i in 0..<count { found(UnsafeRawBufferPointer(rebasing: all[i..<(i + 1)])) }
                        }, batch: batch) { range in range[0] % 3 == 1 ? nil : Counted(Int(range[0]), live) }
                        #expect(kept.map(\.value) == (0..<count).map { $0 % 251 }.filter { $0 % 3 != 1 }, "count \(count), batch \(batch)")
                        #expect(live.value == kept.count)
                    }
                    #expect(live.value == 0, "count \(count), batch \(batch)")
                }
            }
        }
    }

    @Test("compactMap(finding:) rethrows a transform's or the finder's error after every batch has finished, releasing what was made")
    func compactMapFinding_errorsReleaseEverything() {
        struct Boom: Error {}
        // The one range holding 1 (in the 26th batch of 10) throws; the others make values.
        var bytes = [UInt8](repeating: 0, count: 500)
        bytes[250] = 1
        bytes.withUnsafeBytes { all in
            let live = LiveCount()
            #expect(throws: Boom.self) {
                _ = try Parallel.compactMap(finding: { found in
                    for k in 0..<500 { found(UnsafeRawBufferPointer(rebasing: all[k..<(k + 1)])) }
                }, batch: 10) { range in
                    if range[0] == 1 { throw Boom() }
                    return Counted(0, live)
                }
            }
            #expect(live.value == 0)
            #expect(throws: Boom.self) {
                _ = try Parallel.compactMap(finding: { found in
                    for k in 0..<100 { found(UnsafeRawBufferPointer(rebasing: all[k..<(k + 1)])) }
                    throw Boom()
                }, batch: 7) { _ in Counted(0, live) }
            }
            #expect(live.value == 0)
        }
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
