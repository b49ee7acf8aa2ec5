import LMDB

/// How the log's databases are keyed. Every numeric key is big-endian so that
/// byte order is numeric order.
enum Keys {
    /// `streams`: stream name, 0x00, version (8 bytes BE).
    static func stream(_ stream: String, version: Int64) -> [UInt8] {
        var k = Array(stream.utf8)
        k.append(0)
        k.append(contentsOf: BigEndian.bytes(UInt64(version)))
        return k
    }

    /// The first key after every version of `stream`.
    static func streamEnd(_ stream: String) -> [UInt8] {
        var k = Array(stream.utf8)
        k.append(1)
        return k
    }

    /// `facts`: one kind byte, then the identifier.
    static func fact(_ kind: UInt8, _ id: String) -> [UInt8] {
        var k: [UInt8] = [kind]
        k.append(contentsOf: id.utf8)
        return k
    }
}

/// The named LMDB databases of a ledger store.
struct LogDatabases {
    /// seq → canonical record bytes.
    let events: Database
    /// tlog stored-hash index → 32-byte hash (leaf hashes and complete subtrees).
    let tree: Database
    /// 16-byte event UUID → seq.
    let ids: Database
    /// stream ‖ 0x00 ‖ version → seq.
    let streams: Database
    /// kind ‖ identifier → facts the append rules need.
    let facts: Database
    /// voided seq → seq of the `EventVoided`.
    let voids: Database
    /// store metadata: origin, format, last recordedAt.
    let meta: Database

    /// The databases' names, in the order `init` takes them.
    static let names = ["events", "tree", "ids", "streams", "facts", "voids", "meta"]

    init(_ dbs: [Database]) {
        (events, tree, ids, streams, facts, voids, meta) = (dbs[0], dbs[1], dbs[2], dbs[3], dbs[4], dbs[5], dbs[6])
    }
}
