import AlboLog

/// What the runner stores per projection in the `p.meta` database: the version that
/// built it and the tree size it has applied, written in the transaction that applies.
struct ProjectionMeta: Equatable {
    var version: Int
    var seq: UInt64

    static let database = "p.meta"

    /// The runner's own database, and no projection's.
    private static func store(_ txn: ProjectionTransaction) throws -> ProjectionStore { try txn.store([database]) }

    static func load(_ txn: ProjectionTransaction, _ name: String) throws -> ProjectionMeta? {
        let store = try store(txn)
        guard let table = txn.isReadOnly ? try store.existingTable(database) : try store.table(database) else { return nil }
        guard let raw = try table.get(Array(name.utf8)), raw.count == 16,
              let v = SeqBytes.uint64(raw), let s = SeqBytes.uint64(raw, at: 8) else { return nil }
        return ProjectionMeta(version: Int(v), seq: s)
    }

    static func remove(_ txn: ProjectionTransaction, _ name: String) throws {
        try store(txn).table(database).delete(Array(name.utf8))
    }

    func save(_ txn: ProjectionTransaction, _ name: String) throws {
        try Self.store(txn).table(Self.database).put(Array(name.utf8), SeqBytes.bytes(UInt64(version)) + SeqBytes.bytes(seq))
    }
}
