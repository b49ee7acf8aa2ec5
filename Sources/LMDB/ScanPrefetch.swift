internal import CLMDB
import Glibc

/// Keeps the kernel reading ahead of a cursor walk that moves forward through the file, in
/// an environment opened without readahead (`Options.readAhead` false). Pages that a
/// database received in key order (an append-only log) lie mostly in file order, so a scan
/// of them would otherwise wait for one 4 KiB read per page. Every 2 MiB of progress it
/// advises the next 4 MiB `MADV_WILLNEED`, which starts the reads without waiting for them.
/// In an environment that reads ahead anyway it does nothing.
public struct ScanPrefetch {
    /// The map's first and past-the-end addresses; both 0 when prefetching is off.
    private let mapStart: UInt
    private let mapEnd: UInt
    /// The range advised last.
    private var from: UInt = 1
    private var to: UInt = 0
    /// Advises a page-aligned range (address, length) `MADV_WILLNEED`.
    private let advise: (UInt, Int) -> Void
    /// Whether the page at an address is in memory already.
    private let isResident: (UInt) -> Bool

    /// Whether it advises anything (the map does not read ahead, and was found).
    var isActive: Bool { mapEnd != 0 }

    static let window: UInt = 4 << 20
    static let pageMask = UInt(max(4096, sysconf(Int32(_SC_PAGESIZE)))) - 1

    init(_ txn: Transaction) {
        let map = txn.env.readsAhead ? nil : txn.mapping
        self.init(mapStart: UInt(bitPattern: map?.base), mapSize: UInt(map?.size ?? 0),
                  isResident: { TreePrefetch.inMemory(UnsafeRawPointer(bitPattern: $0)!) }) { address, length in
            _ = madvise(UnsafeMutableRawPointer(bitPattern: address), length, MADV_WILLNEED)
        }
    }

    /// A prefetcher over the map at `mapStart` (`mapSize` 0: off) that advises through `advise`.
    init(mapStart: UInt, mapSize: UInt, isResident: @escaping (UInt) -> Bool = { _ in false }, advise: @escaping (UInt, Int) -> Void) {
        self.mapStart = mapStart
        self.mapEnd = mapSize == 0 ? 0 : mapStart + mapSize
        self.advise = advise
        self.isResident = isResident
    }

    /// Notes that the scan has reached `bytes` (a key or value inside the map).
    public mutating func reached(_ bytes: UnsafeRawBufferPointer) {
        guard mapEnd != 0, let p = bytes.baseAddress else { return }
        reached(address: UInt(bitPattern: p))
    }

    mutating func reached(address a: UInt) {
        guard mapEnd != 0, a >= mapStart, a < mapEnd, a < from || a + Self.window / 2 > to else { return }
        let start = a & ~Self.pageMask
        let end = min(start + Self.window, mapEnd)
        from = start
        to = end
        // A window already in the page cache (a warm store) is not advised again: that would
        // cost the kernel a look at each of its pages for nothing.
        let last = (end - 1) & ~Self.pageMask, middle = (start + (end - start) / 2) & ~Self.pageMask
        if isResident(start) && isResident(middle) && isResident(last) { return }
        advise(start, Int(end - start))
    }
}

extension Transaction {
    /// A prefetcher for a forward scan inside this transaction (the map cannot move under it).
    public func scanPrefetch() -> ScanPrefetch { ScanPrefetch(self) }
}
