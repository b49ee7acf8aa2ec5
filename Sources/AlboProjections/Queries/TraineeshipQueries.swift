public import AlboDomain

extension ProjectionView {
    /// Live traineeships, by traineeshipId, of one protocol (their own, else their case's)
    /// and/or one kind.
    public func traineeships(protocolId: String? = nil, kind: String? = nil) throws -> [JSONValue] {
        var wanted: TraineeshipKind?
        if let kind {
            guard let k = TraineeshipKind(rawValue: kind) else {
                throw ProjectionError(.usage, "--kind \(kind) is not valid: use one of \(TraineeshipKind.names.joined(separator: ", "))")
            }
            wanted = k
        }
        var out: [JSONValue] = []
        try table(TraineeshipsProjection.rows).forEach { _, raw in
            let doc = try Self.document(raw)
            guard let o = doc.objectValue else { return }
            if let protocolId, o["protocolId"]?.stringValue != protocolId { return }
            if let wanted, o["kind"]?.stringValue.flatMap(TraineeshipKind.init(rawValue:)) != wanted { return }
            out.append(doc)
        }
        return out
    }
}
