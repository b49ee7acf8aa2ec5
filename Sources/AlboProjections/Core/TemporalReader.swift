public import AlboLog
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The read side of a temporal table at one tree size: for each entity, its state after
/// the last event before `size`. Used only in read transactions, where LMDB keeps every
/// value's memory valid until the transaction ends.
public struct TemporalReader {
    let rows: ProjectionTable
    /// The tree size the reader shows: rows with seq ≥ size are ignored.
    public let size: UInt64

    /// The entity's state as of `size`, nil when it did not exist then.
    public func state(_ entity: EntityKey) throws -> UnsafeRawBufferPointer? {
        let key = TemporalKey.row(entity.bytes, seq: size)
        return try rows.withCursor { c in
            // The first row at or after (entity, size); the one before it is the answer if it is ours.
            let candidate = try c.seek(key) != nil ? try c.previous() : try c.last()
            guard let e = candidate, TemporalKey.entity(of: e.key, is: entity.bytes), !e.value.isEmpty else { return nil }
            return e.value
        }
    }

    /// Whether two byte ranges are equal (memcmp: this runs once per row a scan walks).
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    /// Whether `key` starts with `prefix`.
    static func starts(_ key: UnsafeRawBufferPointer, with prefix: [UInt8]) -> Bool {
        key.count >= prefix.count && prefix.withUnsafeBytes { equal(UnsafeRawBufferPointer(rebasing: key[0..<prefix.count]), $0) }
    }

    /// Calls `body` with each entity whose key starts with `prefix` and its state as of
    /// `size`, in key order, skipping entities that did not exist then. `stop` ends the
    /// scan early when it returns true for an entity's bytes.
    public func forEach(prefix: [UInt8] = [], from start: [UInt8]? = nil,
                        stop: ((UnsafeRawBufferPointer) -> Bool)? = nil,
                        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws {
        try rows.withCursor { c in
            let from = start ?? prefix
            // LMDB refuses an empty key: an empty start means the first row.
            var entry = from.isEmpty ? try c.first() : try c.seek(from)
            var entity: UnsafeRawBufferPointer?
            var chosen: UnsafeRawBufferPointer?
            func emit() throws {
                if let entity, let chosen, !chosen.isEmpty { try body(entity, chosen) }
            }
            while let e = entry, e.key.count > 9, prefix.isEmpty || Self.starts(e.key, with: prefix) {
                let own = UnsafeRawBufferPointer(rebasing: e.key[0..<(e.key.count - 9)])
                if entity.map({ !Self.equal($0, own) }) ?? true {
                    try emit()
                    if let stop, stop(own) { return }
                    entity = own
                    chosen = nil
                }
                if TemporalKey.seq(e.key) < size {
                    chosen = e.value
                }
                entry = try c.next()
            }
            try emit()
        }
    }
}
