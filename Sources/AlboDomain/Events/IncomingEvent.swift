/// An event as submitted, after every rule that needs no store has passed.
public struct IncomingEvent: Sendable, Hashable {
    /// Lowercase UUID, the idempotency key.
    public var id: String
    public var type: EventType
    public var recordedBy: String
    public var expectedVersion: Int64?
    /// The RFC 8785 bytes of the payload exactly as it will be stored (identifiers normalised).
    public var dataBytes: [UInt8]
    public var payload: Payload

    public init(id: String, type: EventType, recordedBy: String, expectedVersion: Int64?, dataBytes: [UInt8], payload: Payload) {
        self.id = id
        self.type = type
        self.recordedBy = recordedBy
        self.expectedVersion = expectedVersion
        self.dataBytes = dataBytes
        self.payload = payload
    }
}
