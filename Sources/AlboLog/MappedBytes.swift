/// Byte ranges inside the LMDB map of a read transaction, handed to `Parallel` workers.
///
/// LMDB gives a reader pointers straight into the memory-mapped file; they stay valid, and
/// the bytes unchanged, until that read transaction ends. Workers may read them from any
/// thread meanwhile (a read transaction's pages are never written). The one rule: build a
/// `MappedBytes` and finish every worker that uses it inside the same `read` closure that
/// produced the pointers — `Parallel.map` returns only when all workers have finished.
struct MappedBytes: @unchecked Sendable {
    private let ranges: [UnsafeRawBufferPointer]

    init(_ ranges: [UnsafeRawBufferPointer]) { self.ranges = ranges }

    var count: Int { ranges.count }

    subscript(i: Int) -> UnsafeRawBufferPointer { ranges[i] }

    /// The slices `Parallel.map` should use for `count` items (see `Parallel.parts`).
    static func parts(_ count: Int, minimum: Int = 1024) -> Int { Parallel.parts(count, minimum: minimum) }
}
