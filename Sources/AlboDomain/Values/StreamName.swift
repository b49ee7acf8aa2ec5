/// The name of a stream: its kind and the identifier of the entity it is about,
/// written `kind:identifier` (`case:TRE-2023-0001`) in stored records and the CLI.
public struct StreamName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// What a stream is about.
    public enum Kind: String, Sendable, CaseIterable {
        case `protocol`
        case hire
        case `case`
        /// A data subject's erasure (`subject:s-…`): no personal data.
        case subject
        /// A payment claim and the payments against it (`claim:<claimId>`): no personal data.
        case claim

        /// The text every stream name of this kind starts with, e.g. `case:`.
        public var prefix: String { rawValue + ":" }
    }

    public let kind: Kind
    /// The protocolId, hireId or caseId.
    public let id: String

    public init(_ kind: Kind, _ id: String) {
        self.kind = kind
        self.id = id
    }

    /// Parses `kind:identifier`; nil when the kind is unknown or the identifier is not one.
    public init?(_ text: some StringProtocol) {
        guard let colon = text.firstIndex(of: ":"), let kind = Kind(rawValue: String(text[..<colon])) else { return nil }
        let id = String(text[text.index(after: colon)...])
        guard Identifier.isValid(id) else { return nil }
        self.init(kind, id)
    }

    /// The stored form, `kind:identifier`.
    public var rawValue: String { kind.prefix + id }
    public var description: String { rawValue }

    public static func < (a: StreamName, b: StreamName) -> Bool { a.rawValue.utf8.lexicographicallyPrecedes(b.rawValue.utf8) }
}
