public import AlboDomain

/// A rebuildable read model: it folds stored events, in seq order, into its own LMDB databases.
///
/// Implementation requirements:
/// - `apply` must be a pure function of the event and the projection's own databases, so
///   that catching up in any number of chunks gives the same bytes as one rebuild (the
///   digest test relies on it).
/// - An `EventVoided` arrives with the record it voids; the projection must leave its
///   state exactly as if the voided event had never been recorded.
/// - Bump `version` whenever the stored layout or the folding changes: the runner then
///   rebuilds it from the log automatically.
public protocol Projection: Sendable {
    /// A stable name, used by `albo rebuild NAME` and as the prefix of its databases.
    var name: String { get }
    /// The layout and folding version.
    var version: Int { get }
    /// The names of the LMDB databases it owns, in digest order.
    var databases: [String] { get }
    /// Folds one event into the projection's databases.
    func apply(_ event: ProjectedEvent, _ state: ProjectionWriter) throws
}

/// One stored event as projections see it: parsed once, with the record it voids.
public struct ProjectedEvent: Sendable {
    /// The event itself.
    public let record: StoredRecord
    /// For an `EventVoided`, the voided record; nil otherwise.
    public let voided: StoredRecord?

    public init(record: StoredRecord, voided: StoredRecord?) {
        self.record = record
        self.voided = voided
    }

    /// The seq, which keys every temporal row the event writes.
    public var seq: UInt64 { record.seq }

    /// The payload this event is about: its own, or, for a void, the voided event's. A
    /// projection switches over it exhaustively, so a new event type is a decision it makes.
    public var target: Payload { voided?.payload ?? record.payload }
    /// Whether the event undoes `target` (a void) rather than records it.
    public var isUndo: Bool { voided != nil }
}
