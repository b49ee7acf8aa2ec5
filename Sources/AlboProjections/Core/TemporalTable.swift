public import AlboLog

/// The write side of a temporal table: each entity's state after every event that
/// changed it, keyed entity ‖ 0x00 ‖ seq (8 bytes BE). An empty value means the entity
/// does not exist from that seq on (a tombstone). Nothing is ever overwritten, so any
/// earlier state can be read back with no replay.
public final class TemporalTable {
    /// The database holding the rows.
    let rows: ProjectionTable
    /// Each entity's latest state, read or written in this transaction: most events touch
    /// an entity touched shortly before, so this saves a cursor seek per event.
    private var latestCache: [[UInt8]: [UInt8]] = [:]

    init(_ rows: ProjectionTable) { self.rows = rows }

    /// The entity's latest state, nil when it does not exist.
    public func latest(_ entity: EntityKey) throws -> [UInt8]? {
        if let cached = latestCache[entity.bytes] { return cached.isEmpty ? nil : cached }
        var end = entity.bytes
        end.append(1)
        let found = try rows.withCursor { c -> [UInt8] in
            let candidate = try c.seek(end) != nil ? try c.previous() : try c.last()
            guard let e = candidate, TemporalKey.entity(of: e.key, is: entity.bytes) else { return [] }
            return Array(e.value)
        }
        latestCache[entity.bytes] = found
        return found.isEmpty ? nil : found
    }

    /// Records the entity's state after the event at `seq`; nil records that it no longer exists.
    public func write(_ entity: EntityKey, seq: UInt64, _ state: [UInt8]?) throws {
        let value = state ?? []
        latestCache[entity.bytes] = value
        try rows.put(TemporalKey.row(entity.bytes, seq: seq), value)
    }
}

/// The layout of temporal row keys.
enum TemporalKey {
    /// entity ‖ 0x00 ‖ seq (8 bytes BE).
    static func row(_ entity: [UInt8], seq: UInt64) -> [UInt8] {
        var k = entity
        k.reserveCapacity(entity.count + 9)
        k.append(0)
        k.append(contentsOf: SeqBytes.bytes(seq))
        return k
    }

    /// Whether `key` is a row of exactly `entity`.
    static func entity(of key: UnsafeRawBufferPointer, is entity: [UInt8]) -> Bool {
        key.count == entity.count + 9 && key[entity.count] == 0 && key.prefix(entity.count).elementsEqual(entity)
    }

    /// The seq of a row key.
    static func seq(_ key: UnsafeRawBufferPointer) -> UInt64 {
        SeqBytes.uint64(key, at: key.count - 8) ?? 0
    }
}
