public import AlboDomain

extension ProjectionView {
    /// The protocol's stored object (payload fields plus `version`) as of this view.
    public func protocolDocument(_ protocolId: String) throws -> JSONValue? {
        try table(ProtocolsProjection.rows).state(EntityKey(protocolId)).map { try Self.document($0) }
    }

    /// Protocols, by protocolId: those with `party` among their parties (case-insensitive),
    /// valid on `activeOn` (validFrom ≤ D ≤ validTo, open-ended when there is no validTo).
    public func protocols(party: String? = nil, activeOn: CivilDate? = nil) throws -> [JSONValue] {
        let wanted = party?.lowercased()
        var out: [JSONValue] = []
        try table(ProtocolsProjection.rows).forEach { _, raw in
            let doc = try Self.document(raw)
            guard let o = doc.objectValue else { return }
            if let wanted {
                let parties = o["parties"]?.arrayValue?.compactMap(\.stringValue) ?? []
                guard parties.contains(where: { $0.lowercased() == wanted }) else { return }
            }
            if let day = activeOn {
                guard let from = o["validFrom"]?.stringValue.flatMap(CivilDate.init), from <= day else { return }
                if let to = o["validTo"]?.stringValue.flatMap(CivilDate.init), to < day { return }
            }
            out.append(doc)
        }
        return out
    }

    /// Parses a stored JSON document.
    static func document(_ raw: UnsafeRawBufferPointer) throws -> JSONValue {
        do { return try JSONParser.parse(raw) } catch {
            throw ProjectionError(.corrupt, "a stored projection document is not JSON (\(error)); run `albo rebuild`")
        }
    }
}
