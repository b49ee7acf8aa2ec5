/// `TraineeshipStarted`: a traineeship within an open case.
public struct TraineeshipStarted: Sendable, Hashable {
    public var caseId: String
    public var traineeshipId: String
    public var host: String
    public var kind: TraineeshipKind
    public var startOn: CivilDate
    public var plannedEndOn: CivilDate?
    public var protocolId: String?
}

extension TraineeshipStarted: PayloadReading {
    public static let eventType = EventType.traineeshipStarted
    public static let payloadVersion = 1
    public static let personalFields: [PersonalField<TraineeshipStarted>] = [PersonalField("host") { $0.host }]
    public var streamName: StreamName? { StreamName(.case, caseId) }
    public var payload: Payload { .traineeshipStarted(self) }

    static func read(_ d: inout some FieldReading, version: Int) -> TraineeshipStarted? {
        let caseId = d.identifier("caseId", required: true)
        let traineeshipId = d.identifier("traineeshipId", required: true)
        let host = d.personal("host") { $0.string("host", required: true) }
        let kind = d.oneOf("kind", TraineeshipKind.self, required: true)
        let startOn = d.date("startOn", required: true)
        let plannedEndOn = d.date("plannedEndOn", required: false)
        let protocolId = d.identifier("protocolId", required: false)
        if let startOn, let plannedEndOn, plannedEndOn < startOn {
            d.sink.add(d.at("plannedEndOn"), "date.order", "plannedEndOn \(plannedEndOn) is before startOn \(startOn).")
        }
        guard d.isClean, let caseId, let traineeshipId, let host, let kind, let startOn else { return nil }
        return TraineeshipStarted(caseId: caseId, traineeshipId: traineeshipId, host: host, kind: kind,
                                  startOn: startOn, plannedEndOn: plannedEndOn, protocolId: protocolId)
    }
}
