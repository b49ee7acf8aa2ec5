import Dispatch
import Foundation

/// The one way Albo spreads work over the cores: order-preserving parallel map over
/// slices, and a value computed in the background while the caller does something else.
/// The only unchecked-Sendable storage is `Slots`, where each slot has one writer (and
/// `MappedBytes`, read-only pointers into a read transaction's map).
public enum Parallel {
    /// Worker threads used: the active cores, at most 8.
    public static let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

    /// The slices `map` should use for `count` items: one below `minimum` items (threads
    /// cost more than they save there), else one per worker.
    public static func parts(_ count: Int, minimum: Int = 1024) -> Int {
        count < minimum ? 1 : workers
    }

    /// Splits `0..<count` into `parts` contiguous slices (default: one per worker), runs
    /// `transform` on each at once, and returns the results in slice order. The first
    /// error thrown (in slice order) is rethrown after every slice has finished.
    public static func map<T>(_ count: Int, parts: Int = workers, _ transform: @Sendable (Range<Int>) throws -> T) throws -> [T] {
        let n = max(1, min(parts, count))
        let per = (count + n - 1) / max(n, 1)
        let ranges = (0..<n).map { i in min(count, i * per)..<min(count, (i + 1) * per) }
        if n == 1 { return [try transform(0..<count)] }
        let slots = Slots<T>(count: n)
        DispatchQueue.concurrentPerform(iterations: n) { i in
            slots.set(i, Result { try transform(ranges[i]) })
        }
        return try slots.results()
    }

    /// `transform` of each index in `0..<count`, nils left out, in index order; the indexes
    /// are split over the workers as `map` splits them. Each result is written once, in
    /// place, and moved (not copied) into the array returned: a value with many references
    /// costs no retain and release on the way. The first error thrown (in slice order) is
    /// rethrown after every slice has finished, and no result leaks.
    public static func compactMap<T>(_ count: Int, parts: Int = workers, _ transform: @Sendable (Int) throws -> T?) throws -> [T] {
        guard count > 0 else { return [] }
        let storage = Storage<T>(capacity: count)
        let written: [Result<Int, any Error>] = try map(count, parts: parts) { range in
            let base = storage.base + range.lowerBound
            var k = 0
            do {
                for i in range {
                    if let value = try transform(i) {
                        (base + k).initialize(to: value)
                        k += 1
                    }
                }
                return .success(k)
            } catch {
                base.deinitialize(count: k)
                return .failure(error)
            }
        }
        // `map` slices as `per` below: slice i starts at min(count, i * per).
        let per = (count + written.count - 1) / written.count
        let counts = written.map { (try? $0.get()) ?? 0 }
        if let failure = written.first(where: { if case .failure = $0 { true } else { false } }) {
            for (i, k) in counts.enumerated() { (storage.base + min(count, i * per)).deinitialize(count: k) }
            _ = try failure.get()
        }
        let total = counts.reduce(0, +)
        return [T](unsafeUninitializedCapacity: total) { buffer, initialized in
            var at = 0
            for (i, k) in counts.enumerated() where k > 0 {
                (buffer.baseAddress! + at).moveInitialize(from: storage.base + min(count, i * per), count: k)
                at += k
            }
            initialized = at
        }
    }

    /// `compactMap` over byte ranges that one thread finds one at a time (a cursor walking
    /// a read transaction's rows): every `batch` ranges go to a worker at once, so the
    /// transforms run while the rest is still being found. `find` calls the function it is
    /// given with each range, in order; results come back in that order, nils left out,
    /// moved into the array returned as `compactMap`'s are. Every worker has finished when
    /// this returns or throws, so the ranges may point into a read transaction that outlives
    /// the call.
    public static func compactMap<T>(finding find: ((UnsafeRawBufferPointer) -> Void) throws -> Void, batch: Int = 8_192,
                                     _ transform: @escaping @Sendable (UnsafeRawBufferPointer) throws -> T?) throws -> [T] {
        var blocks: [(storage: Storage<T>, count: Future<Int>)] = []
        var pending: [UnsafeRawBufferPointer] = []
        pending.reserveCapacity(batch)
        func dispatch() {
            let bytes = MappedBytes(pending)
            let storage = Storage<T>(capacity: bytes.count)
            blocks.append((storage, Future {
                var k = 0
                do {
                    for i in 0..<bytes.count {
                        if let value = try transform(bytes[i]) {
                            (storage.base + k).initialize(to: value)
                            k += 1
                        }
                    }
                    return k
                } catch {
                    storage.base.deinitialize(count: k)
                    throw error
                }
            }))
            pending.removeAll(keepingCapacity: true)
        }
        var failure: (any Error)?
        do {
            try find { range in
                pending.append(range)
                if pending.count == batch { dispatch() }
            }
            if !pending.isEmpty { dispatch() }
        } catch {
            failure = error
        }
        // Wait for every worker, whatever happened; then hand over, or release what was made.
        var counts: [Int] = []
        for block in blocks {
            do { counts.append(try block.count.value()) } catch {
                counts.append(0)
                failure = failure ?? error
            }
        }
        if let failure {
            for (block, k) in zip(blocks, counts) { block.storage.base.deinitialize(count: k) }
            throw failure
        }
        return [T](unsafeUninitializedCapacity: counts.reduce(0, +)) { buffer, initialized in
            var at = 0
            for (block, k) in zip(blocks, counts) where k > 0 {
                (buffer.baseAddress! + at).moveInitialize(from: block.storage.base, count: k)
                at += k
            }
            initialized = at
        }
    }

    /// Uninitialized memory for `compactMap`'s results, each slot written by one worker.
    private final class Storage<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T>
        init(capacity: Int) { base = .allocate(capacity: capacity) }
        deinit { base.deallocate() }
    }

    /// Frees what `holder` holds on another thread: a chunk of decoded lines is hundreds
    /// of thousands of small objects, and freeing them cost the writing thread 5% of an append.
    /// Whoever calls this must hold no other reference to the value.
    static func dispose<T>(_ holder: Holder<T>) {
        DispatchQueue.global().async { holder.value = nil }
    }

    /// A value whose only reference can be handed to `dispose`.
    final class Holder<T>: @unchecked Sendable {
        var value: T?
        init(_ value: T) { self.value = value }
    }

    /// Runs `work` on another thread now; `value()` waits for it. Used to overlap a
    /// stateless stage of chunk k+1 with the in-order stage of chunk k.
    public final class Future<T>: @unchecked Sendable {
        private let slot = Slots<T>(count: 1)
        private let done = DispatchGroup()

        public init(_ work: @escaping @Sendable () throws -> T) {
            done.enter()
            DispatchQueue.global().async { [slot, done] in
                slot.set(0, Result { try work() })
                done.leave()
            }
        }

        /// Waits for the value (or rethrows the error), and hands it over: call it once.
        public func value() throws -> T {
            done.wait()
            return try slot.take(0)
        }
    }
}

/// Result slots written by parallel workers, each slot by exactly one of them; read only
/// after every writer has finished (`concurrentPerform` returned, or a group was waited on).
final class Slots<T>: @unchecked Sendable {
    // Raw memory, not an Array: Array's mutating methods check uniqueness and may move
    // the storage, which is not safe from several threads even at distinct indexes.
    private let items: UnsafeMutablePointer<Result<T, any Error>?>
    private let count: Int

    init(count: Int) {
        self.count = count
        items = .allocate(capacity: count)
        items.initialize(repeating: nil, count: count)
    }

    deinit {
        items.deinitialize(count: count)
        items.deallocate()
    }

    func set(_ i: Int, _ r: Result<T, any Error>) { items[i] = r }

    func take(_ i: Int) throws -> T {
        guard let r = items[i] else { throw ParallelError() }
        items[i] = nil
        return try r.get()
    }

    func results() throws -> [T] {
        try (0..<count).map { try take($0) }
    }
}

/// A worker ended without a result: a bug in the caller of `Parallel`, never user input.
struct ParallelError: Error, CustomStringConvertible {
    var description: String { "a parallel worker ended without a result" }
}
