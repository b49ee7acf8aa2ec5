import LMDB

extension Ledger {
    /// Calls `body` with each record in `range` (by seq), in order, with one cursor:
    /// the replay path. The bytes are valid only during the call.
    func forEachRecord(_ txn: Transaction, in range: Range<UInt64>,
                              _ body: (UInt64, UnsafeRawBufferPointer) throws -> Void) throws {
        guard !range.isEmpty else { return }
        var ahead = txn.scanPrefetch()
        try txn.withCursor(db.events) { c in
            var entry = try BigEndian.withBytes(range.lowerBound) { try c.seek($0) }
            while let e = entry, let seq = BigEndian.uint64(e.key), seq < range.upperBound {
                ahead.reached(e.value)
                try body(seq, e.value)
                entry = try c.next()
            }
        }
    }

    /// Calls `body` with the stored bytes of each of `seqs` (ascending) that is in the log:
    /// reads that move forward through it, the pages ahead asked for in advance. The bytes
    /// are valid only during the call.
    func forEachRecord(_ txn: Transaction, seqs: [UInt64],
                       _ body: (UInt64, UnsafeRawBufferPointer) throws -> Void) throws {
        var ahead = txn.scanPrefetch()
        for seq in seqs {
            guard let bytes = try recordBytes(txn, seq: seq) else { continue }
            ahead.reached(bytes)
            try body(seq, bytes)
        }
    }

    /// Calls `body` with each stream whose name starts with `prefix` (e.g. `case:`), in
    /// name order, with the seqs of its events in version order.
    func forEachStream(_ txn: Transaction, prefix: String,
                              _ body: (String, [UInt64]) throws -> Void) throws {
        let p = Array(prefix.utf8)
        try txn.withCursor(db.streams, prefetching: true) { c in
            var entry = try c.seek(p)
            var current: [UInt8] = []
            var seqs: [UInt64] = []
            while let e = entry, e.key.count > 9, e.key.starts(with: p) {
                let name = Array(e.key.prefix(e.key.count - 9))
                if name != current {
                    if !current.isEmpty { try body(String(decoding: current, as: UTF8.self), seqs) }
                    current = name
                    seqs.removeAll(keepingCapacity: true)
                }
                if let s = BigEndian.uint64(e.value) { seqs.append(s) }
                entry = try c.next()
            }
            if !current.isEmpty { try body(String(decoding: current, as: UTF8.self), seqs) }
        }
    }

    /// The tree size at a point in time: how many events were recorded at or before
    /// `timestamp` (stored form), by binary search over the non-decreasing `recordedAt`.
    func size(_ txn: Transaction, recordedAtOrBefore timestamp: String) throws -> UInt64 {
        var lo: UInt64 = 0
        var hi = try size(txn)
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            guard let raw = try recordBytes(txn, seq: mid) else { throw LogError(.corrupt, "missing seq \(mid)") }
            if Self.recordedAt(of: raw) <= timestamp { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The `recordedAt` of stored record bytes, found without parsing the whole record:
    /// canonical order puts it right after `"id":"<36 chars>","recordedAt":"`.
    static func recordedAt(of raw: UnsafeRawBufferPointer) -> String {
        let marker = Array(#""recordedAt":""#.utf8)
        var i = 0
        let n = raw.count
        while i + marker.count + 24 <= n {
            if raw[i] == marker[0], raw[i..<(i + marker.count)].elementsEqual(marker) {
                return String(decoding: raw[(i + marker.count)..<(i + marker.count + 24)], as: UTF8.self)
            }
            i += 1
        }
        return ""
    }
}
