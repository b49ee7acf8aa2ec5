public import AlboLog
import AlboDomain

/// Keeps projections in step with the log: catch-up in bounded transactions, rebuild,
/// and automatic rebuild when a projection's registered version changes.
///
/// A runner made from a `LogReader` alone reads the projections as last applied and never
/// writes; one given a `ProjectionUpdater` also catches them up. Neither can append to or
/// erase from the log.
public struct ProjectionRunner: Sendable {
    /// The store, read-only.
    public let reader: LogReader
    /// Writes the projections' databases; nil when this runner only reads.
    let updater: ProjectionUpdater?
    public let projections: [any Projection]
    /// Records applied per write transaction, so a huge catch-up never holds one giant transaction.
    public var chunkSize: UInt64 = 50_000

    /// A runner that reads the projections as last applied, and never catches them up.
    public init(reader: LogReader, projections: [any Projection] = ProjectionRegistry.all) {
        self.reader = reader
        self.updater = nil
        self.projections = projections
    }

    /// A runner that catches the projections up and rebuilds them.
    public init(updater: ProjectionUpdater, projections: [any Projection] = ProjectionRegistry.all) {
        self.reader = updater.reader
        self.updater = updater
        self.projections = projections
    }

    /// One projection's stored position.
    public struct Status: Sendable {
        public var name: String
        /// The registered version.
        public var version: Int
        /// The tree size it has applied (0 when it was never built or must be rebuilt).
        public var seq: UInt64
        /// Whether its stored version is the registered one.
        public var isCurrent: Bool
    }

    /// Each projection's stored position, in `txn`.
    public func status(_ txn: ProjectionTransaction) throws -> [Status] {
        try projections.map { p in
            let meta = try ProjectionMeta.load(txn, p.name)
            let current = meta?.version == p.version
            return Status(name: p.name, version: p.version, seq: current ? meta?.seq ?? 0 : 0, isCurrent: current)
        }
    }

    /// The tree size every projection has applied (0 if any must be rebuilt).
    public func appliedSize(_ txn: ProjectionTransaction) throws -> UInt64 {
        let statuses = try status(txn)
        return statuses.allSatisfy(\.isCurrent) ? statuses.map(\.seq).min() ?? txn.log.size : 0
    }

    /// Whether any projection is behind the log or was built by another version.
    public func isBehind(_ txn: ProjectionTransaction) throws -> Bool {
        try appliedSize(txn) < txn.log.size || status(txn).contains { !$0.isCurrent }
    }

    /// Applies every record the projections have not seen. `progress` gets (applied, size)
    /// after each chunk; returns the number of records replayed.
    ///
    /// With `waitForWriter` false it gives up at once (returning nil) when another
    /// process is writing the store, so that a query never queues behind an append.
    @discardableResult
    public func catchUp(waitForWriter: Bool = true, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> UInt64? {
        guard try reader.readProjections({ try isBehind($0) }) else { return 0 }
        guard let updater else { return nil }
        let stale = try reader.readProjections { txn in try status(txn) }.enumerated().filter { !$0.element.isCurrent }.map(\.offset)
        for i in stale {
            guard try write(updater, wait: waitForWriter, { txn in try reset(projections[i], txn) }) != nil else { return nil }
        }
        var replayed: UInt64 = 0
        while true {
            guard let (done, applied, size, count) = try write(updater, wait: waitForWriter, applyChunk) else { return nil }
            replayed += count
            progress?(applied, size)
            if done { return replayed }
        }
    }

    /// Clears the named projections (all when `names` is nil) and replays the whole log into them.
    @discardableResult
    public func rebuild(_ names: [String]? = nil, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> UInt64 {
        guard let updater else { throw ProjectionError(.readOnly, "the store at \(reader.path) is read-only: projections cannot be rebuilt in it") }
        for p in projections where names?.contains(p.name) ?? true {
            try updater.write { txn in try reset(p, txn) }
        }
        return try catchUp(progress: progress) ?? 0
    }

    /// One write transaction over the projections, waiting for other writers or not.
    private func write<T>(_ updater: ProjectionUpdater, wait: Bool, _ body: (ProjectionTransaction) throws -> T) throws -> T? {
        let reserve = Int(chunkSize) * 2048
        if wait { return try updater.write(reserve: reserve, body) }
        return try updater.writeIfIdle(reserve: reserve, body)
    }

    /// Empties the projection's databases and records it as built by this version up to
    /// seq 0, in one transaction: another process sees the old state or the empty one.
    func reset(_ p: any Projection, _ txn: ProjectionTransaction) throws {
        let store = try txn.store(p.databases)
        for name in p.databases { try store.table(name).clear() }
        try ProjectionMeta(version: p.version, seq: 0).save(txn, p.name)
    }

    /// One chunk: returns whether every projection is now at the log's size, the lowest
    /// applied size, the log's size and how many records were read.
    func applyChunk(_ txn: ProjectionTransaction) throws -> (Bool, UInt64, UInt64, UInt64) {
        let size = txn.log.size
        var metas: [ProjectionMeta] = []
        for p in projections {
            // Another process removed or re-versioned it since our reset: let the next catch-up reset it.
            guard let m = try ProjectionMeta.load(txn, p.name), m.version == p.version else {
                throw ProjectionError(.corrupt, "projection \(p.name) is being rebuilt by another process; retry")
            }
            metas.append(m)
        }
        let low = metas.map(\.seq).min() ?? size
        guard low < size else { return (true, size, size, 0) }
        let high = min(size, low + chunkSize)
        let writers = try projections.map { p in ProjectionWriter(try txn.store(p.databases)) }
        // The records are decoded on another core, a batch ahead of the projections that
        // fold them here in seq order (only this thread touches the transaction itself).
        try txn.log.forEachRecordBatch(in: low..<high) { records in
            for record in records {
                let event = try projectedEvent(txn.log, record)
                for i in projections.indices where metas[i].seq <= record.seq {
                    try projections[i].apply(event, writers[i])
                }
            }
        }
        for i in projections.indices where metas[i].seq < high {
            metas[i].seq = high
            try metas[i].save(txn, projections[i].name)
        }
        return (high == size, high, size, high - low)
    }

    /// The event as projections see it: for a void, with the record it voids.
    private func projectedEvent(_ log: LogSnapshot, _ record: StoredRecord) throws -> ProjectedEvent {
        guard case .eventVoided(let v) = record.payload else { return ProjectedEvent(record: record, voided: nil) }
        guard let target = try log.seq(id: v.eventId) else {
            throw LogError(.corrupt, "seq \(record.seq) voids event \(v.eventId), which is not in the log")
        }
        return ProjectedEvent(record: record, voided: try log.record(seq: target))
    }
}
