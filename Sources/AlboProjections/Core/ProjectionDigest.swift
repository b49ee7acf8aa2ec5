import Crypto
public import AlboLog

extension ProjectionRunner {
    /// SHA-256 over the projection's databases, in declared order, each as its name and
    /// then every entry in key order; every field is prefixed by its length (4 bytes BE)
    /// so that no two different states serialise alike. Lowercase hex.
    public func digest(_ txn: ProjectionTransaction, _ projection: any Projection) throws -> String {
        var hasher = SHA256()
        func field<C: Collection>(_ bytes: C) where C.Element == UInt8 {
            withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: Array(bytes))
        }
        let store = try txn.store(projection.databases)
        for name in projection.databases {
            field(Array(name.utf8))
            guard let table = try store.existingTable(name) else { continue }
            try table.forEachEntry { e in
                withUnsafeBytes(of: UInt32(e.key.count).bigEndian) { hasher.update(bufferPointer: $0) }
                hasher.update(bufferPointer: e.key)
                withUnsafeBytes(of: UInt32(e.value.count).bigEndian) { hasher.update(bufferPointer: $0) }
                hasher.update(bufferPointer: e.value)
            }
        }
        return hasher.finalize().map { b in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(b >> 4)], hex[Int(b & 15)]], as: UTF8.self)
        }.joined()
    }
}
