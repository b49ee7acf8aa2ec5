/// An event as submitted, after every rule that needs no store has passed.
public struct IncomingEvent: Sendable, Hashable {
    /// Lowercase UUID, the idempotency key.
    public var id: String
    public var type: EventType
    public var recordedBy: String
    public var expectedVersion: Int64?
    /// The payload exactly as it will be stored (identifiers normalised).
    public var data: [String: JSONValue]
    public var payload: Payload
}
