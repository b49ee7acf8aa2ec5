import LMDB

/// The projection databases one owner may touch inside a `ProjectionTransaction`: a
/// projection gets the store of the names it declares, and any other name is refused.
public struct ProjectionStore {
    let txn: Transaction
    /// The database names this store opens.
    public let names: Set<String>

    private func checked(_ name: String) throws(LogError) -> String {
        guard names.contains(name) else {
            throw LogError(.misuse, "projection database \"\(name)\" is not one of this store's (\(names.sorted().joined(separator: ", ")))")
        }
        return name
    }

    /// The database `name`, created when missing in a write transaction.
    public func table(_ name: String) throws -> ProjectionTable {
        ProjectionTable(txn: txn, db: try txn.open(try checked(name)))
    }

    /// The database `name`, or nil when it was never created.
    public func existingTable(_ name: String) throws -> ProjectionTable? {
        try txn.openIfExists(try checked(name)).map { ProjectionTable(txn: txn, db: $0) }
    }
}

/// One projection database inside one transaction: bytes under bytes, in key order.
/// Buffers it hands out point into the store's map and are valid until the transaction ends.
public struct ProjectionTable {
    let txn: Transaction
    let db: Database

    /// The database's name.
    public var name: String { db.name }

    /// The value under `key`, valid while the transaction lives; nil if absent.
    public func get(_ key: [UInt8]) throws -> UnsafeRawBufferPointer? {
        try key.withUnsafeBytes { k in try txn.get(db, k) }
    }

    /// Stores `value` under `key`.
    public func put(_ key: [UInt8], _ value: [UInt8]) throws { try txn.put(db, key, value) }

    /// Deletes `key`; returns false when it was not there.
    @discardableResult
    public func delete(_ key: [UInt8]) throws -> Bool { try txn.delete(db, key) }

    /// Removes every entry.
    public func clear() throws { try txn.clear(db) }

    /// The number of entries.
    public func count() throws -> Int { try txn.count(db) }

    /// Calls `body` with every entry in key order; in a read transaction the pages ahead of
    /// the walk are asked for in advance (a projection's leaves lie scattered over the file).
    public func forEachEntry(_ body: (ProjectionCursor.Entry) throws -> Void) throws {
        try txn.walk(db, body)
    }

    /// Opens a cursor over the entries in key order, closed when `body` returns. In a read
    /// transaction its forward walks ask for the pages ahead of them in advance.
    public func withCursor<T>(_ body: (ProjectionCursor) throws -> T) throws -> T {
        try txn.withCursor(db, prefetching: true) { c in try body(ProjectionCursor(cursor: c)) }
    }
}

/// A position among a `ProjectionTable`'s entries, in key order; each move returns the
/// entry it lands on, nil past either end.
public struct ProjectionCursor {
    let cursor: Cursor

    /// An entry: key and value, valid until the transaction ends.
    public typealias Entry = (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)

    /// The first entry.
    public func first() throws -> Entry? { try cursor.first() }
    /// The last entry.
    public func last() throws -> Entry? { try cursor.last() }
    /// The entry after the current one.
    public func next() throws -> Entry? { try cursor.next() }
    /// The entry before the current one.
    public func previous() throws -> Entry? { try cursor.previous() }
    /// The first entry whose key is at or after `key` (which must not be empty).
    public func seek(_ key: [UInt8]) throws -> Entry? { try cursor.seek(key) }
    /// The first entry whose key is at or after `key` (which must not be empty).
    public func seek(_ key: UnsafeRawBufferPointer) throws -> Entry? { try cursor.seek(key) }
}
