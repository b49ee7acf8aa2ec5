public import AlboDomain

extension ProjectionView {
    /// Live traineeships, by traineeshipId, of one protocol (their own, else their case's)
    /// and/or one kind.
    public func traineeships(protocolId: String? = nil, kind: String? = nil) throws -> [JSONValue] {
        if let kind, !Vocabulary.traineeshipKinds.contains(kind) {
            throw ProjectionError(.usage, "--kind \(kind) is not valid: use one of \(Vocabulary.traineeshipKinds.sorted().joined(separator: ", "))")
        }
        var out: [JSONValue] = []
        try table(TraineeshipsProjection.rows).forEach { _, raw in
            let doc = try Self.document(raw)
            guard let o = doc.objectValue else { return }
            if let protocolId, o["protocolId"]?.stringValue != protocolId { return }
            if let kind, o["kind"]?.stringValue != kind { return }
            out.append(doc)
        }
        return out
    }
}
