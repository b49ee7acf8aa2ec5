public import AlboDomain

/// What may write a store (GRDB's `DatabaseWriter`): appends and erasures, and the
/// projections' databases through `projections`. Only `Ledger.writer()` makes one, and that
/// is visible only to code that imports AlboLog's `Writing` SPI (the command line's write
/// commands and the tests): a module that imports AlboLog plainly can read a store but can
/// neither append to it nor erase from it.
@_spi(Writing)
public struct LogWriter: Sendable {
    let ledger: Ledger

    init(_ ledger: Ledger) { self.ledger = ledger }

    /// The same store, read-only.
    public var reader: LogReader { LogReader(ledger) }

    /// Writes to the projections' databases only, for the projection runner.
    public var projections: ProjectionUpdater { ProjectionUpdater(ledger) }

    /// Appends a batch: every line, or none (see `Ledger.append`).
    public func append(_ input: BatchInput, recordedAt: String? = nil, claimRule: (any BatchRule)? = nil,
                       progress: ((Int) -> Void)? = nil) throws -> AppendSummary {
        try ledger.append(input, recordedAt: recordedAt, claimRule: claimRule, progress: progress)
    }

    /// Erases one subject: the `SubjectErased` event first, then its key (see `Ledger.erase`).
    public func erase(subject: String, reason: String, recordedBy: String, recordedAt: String? = nil) throws -> ErasureResult {
        try ledger.erase(subject: subject, reason: reason, recordedBy: recordedBy, recordedAt: recordedAt)
    }

    /// Erases many subjects in one batch of events, then each key; results in the order given.
    public func erase(_ targets: [(subject: String, reason: String)], recordedBy: String,
                      recordedAt: String? = nil) throws -> [ErasureResult] {
        try ledger.erase(targets, recordedBy: recordedBy, recordedAt: recordedAt)
    }
}

/// Write transactions over the projections' databases and nothing else: what catching up
/// and rebuilding projections needs, without the power to append to or erase from the log.
public struct ProjectionUpdater: Sendable {
    let ledger: Ledger

    init(_ ledger: Ledger) { self.ledger = ledger }

    /// The store, read-only.
    public var reader: LogReader { LogReader(ledger) }

    /// Runs `body` in one write transaction over the projections' databases, committed when
    /// it returns; `reserve` bytes of map space are made available first.
    public func write<T>(reserve: Int = 0, _ body: (ProjectionTransaction) throws -> T) throws -> T {
        try ledger.writeProjections(reserve: reserve, body)
    }

    /// Like `write`, but returns nil at once, writing nothing, when another process is
    /// writing the store: a query uses it so as never to wait for a writer.
    public func writeIfIdle<T>(reserve: Int = 0, _ body: (ProjectionTransaction) throws -> T) throws -> T? {
        try ledger.writeProjectionsIfIdle(reserve: reserve, body)
    }
}

extension Ledger {
    /// The store, read-only: what every reading module receives.
    public var reader: LogReader { LogReader(self) }

    /// The store's writer; throws when it was opened read-only. Visible only through
    /// `@_spi(Writing) import AlboLog`, so that only the command line's write commands (and
    /// tests) can append or erase.
    @_spi(Writing)
    public func writer() throws -> LogWriter {
        guard !isReadOnly else { throw LogError(.readOnly, "the store at \(path) is open read-only: nothing can be written to it") }
        return LogWriter(self)
    }

    /// Write access to the projections' databases alone (catching up, rebuilding); throws
    /// when the store was opened read-only. `Writing` SPI, like `writer()`.
    @_spi(Writing)
    public func projectionUpdater() throws -> ProjectionUpdater {
        guard !isReadOnly else { throw LogError(.readOnly, "the store at \(path) is open read-only: its projections cannot be written") }
        return ProjectionUpdater(self)
    }
}
