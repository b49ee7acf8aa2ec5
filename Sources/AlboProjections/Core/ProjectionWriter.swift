public import AlboDomain
public import AlboLog

/// A projection's access to its own databases inside one catch-up transaction: those it
/// declares in `databases`, and no others (the log it reads through the runner alone).
public final class ProjectionWriter {
    /// The projection's own databases.
    private let store: ProjectionStore
    private var tables: [String: TemporalTable] = [:]
    private var plain: [String: ProjectionTable] = [:]

    init(_ store: ProjectionStore) { self.store = store }

    /// The temporal table stored in database `name`.
    public func table(_ name: String) throws -> TemporalTable {
        if let t = tables[name] { return t }
        let t = TemporalTable(try store.table(name))
        tables[name] = t
        return t
    }

    /// A plain key-value database (current state only, e.g. a lookup the folding needs).
    public func database(_ name: String) throws -> ProjectionTable {
        if let d = plain[name] { return d }
        let d = try store.table(name)
        plain[name] = d
        return d
    }

    // MARK: - Cases keyed by more than their id

    /// Remembers, in the plain database `index`, the entity key a case's rows live under, for
    /// projections that key cases by protocol, desk or date rather than by caseId.
    public func rememberCaseKey(_ key: EntityKey, for caseId: String, in index: String) throws {
        try database(index).put(Array(caseId.utf8), key.bytes)
    }

    /// Forgets the case of `record`'s stream (its opening was voided).
    public func forgetCaseKey(of record: StoredRecord, in index: String) throws {
        guard let caseId = record.caseId else { return }
        try database(index).delete(Array(caseId.utf8))
    }

    /// The entity key remembered for the case whose stream `record` is in; nil when none.
    public func caseKey(of record: StoredRecord, in index: String) throws -> EntityKey? {
        guard let caseId = record.caseId, let raw = try database(index).get(Array(caseId.utf8)) else { return nil }
        return EntityKey(raw: Array(raw))
    }
}

extension StoredRecord {
    /// The caseId of a record in a `case:` stream, nil for other streams.
    public var caseId: String? {
        isInCaseStream ? String(decoding: stream.utf8.dropFirst(Self.casePrefix.count), as: UTF8.self) : nil
    }

    /// Whether the record is in a `case:` stream: on the replay path for every record and
    /// projection, so a byte comparison, not a parse.
    public var isInCaseStream: Bool { stream.utf8.starts(with: Self.casePrefix) }

    private static let casePrefix = Array(StreamName.Kind.case.prefix.utf8)
}
