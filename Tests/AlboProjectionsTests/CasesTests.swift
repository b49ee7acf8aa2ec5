import AlboTestSupport
import AlboDomain
import AlboLog
import AlboProjections
import Foundation
import Testing

@Suite("Cases projection")
struct CasesTests {
    @Test("a case folds its traineeships, placements and closing; version counts every stream event")
    func case_foldsItsEvents() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1"), f.traineeship("C-1", "T-1"),
                          f.placement("C-1", id: "00000000-0000-4000-8000-0000000000aa"), f.closed("C-1")])
        let c = try #require(try store.view { try $0.case("C-1") })
        #expect(c.status == "closed" && c.closedOn == CivilDate("2023-06-30") && c.closeReason == .completed && c.version == 4)
        #expect(c.traineeships.map(\.traineeshipId) == ["T-1"])
        #expect(c.placements.map(\.seq) == [3] && c.placements.first?.eventId == "00000000-0000-4000-8000-0000000000aa")
        guard case .object(let o) = c.json else { Issue.record("not an object"); return }
        #expect(Set(o.keys) == ["caseId", "person", "protocolId", "desk", "targetGroup", "status", "openedOn", "closedOn",
                                "closeReason", "traineeships", "placements", "version"])
    }

    @Test("an open case's JSON has no closedOn or closeReason")
    func case_openOmitsClosingKeys() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1")])
        let c = try #require(try store.view { try $0.case("C-1") })
        #expect(c.json.objectValue?["closedOn"] == nil && c.json.objectValue?["closeReason"] == nil && c.status == "open")
    }

    @Test("a voided CaseClosed reopens the case, a voided placement disappears; as-of before the void still shows them")
    func case_voidsAndAsOf() throws {
        let store = try TempStore()
        var f = EventFactory()
        let placementId = f.nextId(), closeId = f.nextId()
        try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1"),
                          f.placement("C-1", id: placementId), f.closed("C-1", id: closeId)])   // seq 0-3
        try store.append([f.voided(closeId), f.voided(placementId)])                            // seq 4, 5
        let head = try #require(try store.view { try $0.case("C-1") })
        #expect(head.status == "open" && head.closedOn == nil && head.placements.isEmpty && head.version == 5)
        let beforeVoids = try #require(try store.view(asOf: .size(4)) { try $0.case("C-1") })
        #expect(beforeVoids.status == "closed" && beforeVoids.placements.count == 1 && beforeVoids.version == 3)
        let between = try #require(try store.view(asOf: .size(5)) { try $0.case("C-1") })
        #expect(between.status == "open" && between.placements.count == 1 && between.version == 4)
        #expect(try store.view(asOf: .size(1)) { try $0.case("C-1") } == nil)
        #expect(try store.view(asOf: .size(2)) { try $0.case("C-1") }?.placements.isEmpty == true)
    }

    @Test("a voided CaseOpened removes the case until it is opened again")
    func case_voidedOpeningAndReopening() throws {
        let store = try TempStore()
        var f = EventFactory()
        let openId = f.nextId()
        try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1", person: "P-OLD", id: openId)])
        try store.append([f.voided(openId)])
        #expect(try store.view { try $0.case("C-1") } == nil)
        #expect(try store.view { try $0.cases(CaseFilter()) }.isEmpty)
        try store.append([f.caseOpened("C-1", protocolId: "conv-1", person: "P-NEW")])
        let c = try #require(try store.view { try $0.case("C-1") })
        #expect(c.person == "P-NEW" && c.version == 3)
    }

    @Test("cases filter by protocol, desk, status and target group; bad filters are usage errors")
    func cases_filters() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1"), f.protocolSigned("conv-2"),
                          f.caseOpened("A", protocolId: "conv-1", desk: "Trecate"), f.caseOpened("B", protocolId: "conv-1", desk: "Cerano", group: "disability"),
                          f.caseOpened("C", protocolId: "conv-2", desk: "Cerano"), f.closed("B")])
        func ids(_ filter: CaseFilter) throws -> [String] { try store.view { try $0.cases(filter) }.map(\.caseId) }
        #expect(try ids(CaseFilter()) == ["A", "B", "C"])
        #expect(try ids(CaseFilter(protocolId: "conv-1")) == ["A", "B"])
        #expect(try ids(CaseFilter(desk: "Cerano", status: "open")) == ["C"])
        #expect(try ids(CaseFilter(status: "closed")) == ["B"])
        #expect(try ids(CaseFilter(targetGroup: "disability")) == ["B"])
        #expect(throws: ProjectionError.self) { try CaseFilter(status: "pending") }
        #expect(throws: ProjectionError.self) { try CaseFilter(targetGroup: "elderly") }
    }

    @Test("as-of a timestamp shows the batches recorded at or before it")
    func asOf_timestamp() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1")])
        Thread.sleep(forTimeInterval: 0.01)
        try store.append([f.closed("C-1")])
        let first = try store.recordedAt(1), second = try store.recordedAt(2)
        #expect(first < second)
        #expect(try store.view(asOf: .timestamp(first)) { try $0.case("C-1") }?.status == "open")
        #expect(try store.view(asOf: .timestamp(second)) { try $0.case("C-1") }?.status == "closed")
        #expect(try store.view(asOf: .timestamp("2000-01-01T00:00:00.000Z")) { $0.size } == 0)
        #expect(try AsOf(parsing: "2023-10-31T23:59:59Z") == .timestamp("2023-10-31T23:59:59.000Z"))
        #expect(try AsOf(parsing: "12") == .size(12))
        #expect(throws: LogError.self) { try AsOf(parsing: "yesterday") }
        #expect(throws: ProjectionError.self) { try store.view(asOf: .size(4)) { $0.size } }
    }
}
