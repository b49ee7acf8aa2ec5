import AlboLog
import LMDB

/// What the runner stores per projection in the `p.meta` database: the version that
/// built it and the tree size it has applied, written in the transaction that applies.
struct ProjectionMeta: Equatable {
    var version: Int
    var seq: UInt64

    static let database = "p.meta"

    static func load(_ txn: ProjectionTransaction, _ name: String) throws -> ProjectionMeta? {
        guard let db = txn.isReadOnly ? try txn.existingDatabase(database) : try txn.database(database) else { return nil }
        guard let raw = try txn.get(db, Array(name.utf8)), raw.count == 16,
              let v = BigEndian.uint64(raw), let s = BigEndian.uint64(Array(raw[8...])) else { return nil }
        return ProjectionMeta(version: Int(v), seq: s)
    }

    static func remove(_ txn: ProjectionTransaction, _ name: String) throws {
        try txn.delete(try txn.database(database), Array(name.utf8))
    }

    func save(_ txn: ProjectionTransaction, _ name: String) throws {
        let db = try txn.database(Self.database)
        try txn.put(db, Array(name.utf8), BigEndian.bytes(UInt64(version)) + BigEndian.bytes(seq))
    }
}
