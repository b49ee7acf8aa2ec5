/// What one event type declares, in one place: its name, its stream, its payload version,
/// its personal fields and its schema (docs/reference.md, "Adding or evolving an event type").
///
/// Implementation requirements: every payload struct conforms, and ``EventType/payloadType``
/// names it. Nothing has a default: a type that forgets its personal fields, its version or
/// its stream does not compile.
public protocol EventPayload: Sendable, Hashable {
    /// The type's name in the envelope.
    static var eventType: EventType { get }
    /// The current payload version: what an incoming event is read as, and what a record
    /// written now is stored under (records stored under an earlier one are upcast).
    static var payloadVersion: Int { get }
    /// The fields that are personal data of the case's data subject, sealed at append in a
    /// sealed store; `[]` when the type carries none.
    static var personalFields: [PersonalField<Self>] { get }
    /// The stream the event belongs to; nil only for `EventVoided`, whose stream is the voided event's.
    var streamName: StreamName? { get }
    /// The payload in the enum every switch over event types uses.
    var payload: Payload { get }
}

/// A personal field of a payload type: its name in `data` and how to read its value.
public struct PersonalField<P>: Sendable {
    /// The member's name in `data`.
    public let name: String
    /// Whether the clear value is not a string but JSON (an object, a list, a flag): it is
    /// sealed as its RFC 8785 text, and opened back into JSON.
    public let structured: Bool
    /// The field's text as stored (clear, sealed or `erased`); nil when the event omits it.
    /// A structured field's clear text is its RFC 8785 text.
    public let value: @Sendable (P) -> String?

    public init(_ name: String, structured: Bool = false, _ value: @escaping @Sendable (P) -> String?) {
        self.name = name
        self.structured = structured
        self.value = value
    }
}

/// How a payload type reads its `data`: internal, because the readers are.
protocol PayloadReading: EventPayload {
    /// Reads `data` written under payload `version` (1 … ``payloadVersion``) as the current
    /// version: the upcaster. A field added in version N is read only when `version >= N`
    /// (an earlier record holding it is refused as an unknown field), and gets its upcast
    /// value (usually "omitted") otherwise.
    static func read(_ d: inout some FieldReading, version: Int) -> Self?
}

extension EventPayload {
    /// The names of ``personalFields``, in declaration order.
    public static var personalFieldNames: [String] { personalFields.map(\.name) }

    /// The names of the structured personal fields (sealed as RFC 8785 text).
    public static var structuredFieldNames: [String] { personalFields.filter(\.structured).map(\.name) }

    /// Whether the payload holds a personal value (a field it does not omit): stops at the
    /// first, without making the others' text.
    public var holdsPersonalValues: Bool { Self.personalFields.contains { $0.value(self) != nil } }

    /// Each personal field's name and value in this payload.
    public var personalValues: [(name: String, value: String?)] { Self.personalFields.map { ($0.name, $0.value(self)) } }

    /// The schema file of payload `version`, relative to `Schemas/`: `payloads/<Type>.schema.json`
    /// for version 1, `payloads/<Type>.v<N>.schema.json` for each later one.
    public static func schemaFile(version: Int) -> String {
        version <= 1 ? "payloads/\(eventType.rawValue).schema.json" : "payloads/\(eventType.rawValue).v\(version).schema.json"
    }
}
