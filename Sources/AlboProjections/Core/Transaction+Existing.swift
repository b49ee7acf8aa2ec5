import LMDB

extension Transaction {
    /// The named database, or nil when no transaction has created it yet.
    func openExisting(_ name: String) throws -> Database? {
        do {
            return try open(name, create: false)
        } catch {
            guard error.code == .notFound else { throw error }
            return nil
        }
    }
}
