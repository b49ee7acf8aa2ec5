import AlboTestSupport
import AlboDomain
import AlboProjections
import Testing

@Suite("Outcomes and desks")
struct OutcomesTests {
    private func date(_ s: String) throws -> CivilDate { try #require(CivilDate(s)) }

    @Test("period edges are inclusive; persons with several cases count once per referrer; voids undo closing and placing")
    func outcomes_semantics() throws {
        let store = try TempStore()
        var f = EventFactory()
        let closeId = f.nextId(), placeId = f.nextId()
        try store.append([
            f.protocolSigned("conv-1"), f.protocolSigned("conv-2"),
            f.caseOpened("A", protocolId: "conv-1", on: "2022-11-01", person: "P-1"),                     // first day
            f.caseOpened("B", protocolId: "conv-1", on: "2023-10-31", person: "P-1", group: "disability"), // last day, same person
            f.caseOpened("C", protocolId: "conv-1", on: "2022-10-31", person: "P-2"),                     // day before
            f.caseOpened("D", protocolId: "conv-1", on: "2023-11-01", person: "P-3"),                     // day after
            f.caseOpened("E", protocolId: "conv-2", on: "2023-01-01", person: "P-4"),                     // other protocol
            f.caseOpened("F", protocolId: "conv-1", on: "2023-02-01", person: "P-5", referredBy: nil),
            f.placement("A"), f.closed("A"), f.closed("B", on: "2023-11-15", id: closeId), f.placement("F", id: placeId),
        ])
        let size = try store.ledger.reader.size()
        try store.append([f.voided(closeId), f.voided(placeId)])
        let o = try store.view { try $0.outcomes(protocolId: "conv-1", from: try date("2022-11-01"), to: try date("2023-10-31")) }
        #expect(o.activated == 3 && o.concluded == 1 && o.inProgress == 2 && o.placed == 1)
        #expect(o.referredBy == ["CPI Novara": 1])
        #expect(o.byTargetGroup == [.term(.unemployedOver45): 2, .term(.disability): 1])
        let before = try store.view(asOf: .size(size)) { try $0.outcomes(protocolId: "conv-1", from: try date("2022-11-01"), to: try date("2023-10-31")) }
        #expect(before.concluded == 2 && before.placed == 2)
        guard case .object(let json) = o.json else { Issue.record("not an object"); return }
        #expect(Set(json.keys) == ["protocolId", "from", "to", "activated", "concluded", "inProgress", "placed", "referredBy", "byTargetGroup"])
    }

    @Test("an unknown protocol is not found; a reversed period is a usage error")
    func outcomes_errors() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1")])
        #expect(throws: ProjectionError.self) { try store.view { try $0.outcomes(protocolId: "nope", from: try date("2023-01-01"), to: try date("2023-12-31")) } }
        #expect(throws: ProjectionError.self) { try store.view { try $0.outcomes(protocolId: "conv-1", from: try date("2023-12-31"), to: try date("2023-01-01")) } }
    }

    @Test("desks count cases and distinct persons by openedOn and placements by confirmedOn, edges included")
    func desks_semantics() throws {
        let store = try TempStore()
        var f = EventFactory()
        let voidable = f.nextId()
        try store.append([
            f.protocolSigned("conv-1", from: "2017-01-01", to: nil),
            f.caseOpened("A", protocolId: "conv-1", on: "2018-01-01", person: "P-1", desk: "Crema"),
            f.caseOpened("B", protocolId: "conv-1", on: "2018-12-31", person: "P-1", desk: "Crema"),
            f.caseOpened("C", protocolId: "conv-1", on: "2017-12-31", person: "P-2", desk: "Crema"),
            f.caseOpened("D", protocolId: "conv-1", on: "2018-06-01", person: "P-3", desk: "Cremona"),
            f.caseOpened("E", protocolId: "conv-1", on: "2019-03-01", person: "P-4", desk: "Lodi"),
            f.placement("C", confirmed: "2018-01-01"), f.placement("A", confirmed: "2019-01-01"),
            f.placement("B", confirmed: "2018-12-31", id: voidable),
        ])
        let from = try date("2018-01-01"), to = try date("2018-12-31")
        let head = try store.view { try $0.desks(from: from, to: to) }
        #expect(head.map(\.desk) == ["Crema", "Cremona"])
        #expect(head[0].casesOpened == 2 && head[0].persons == 1 && head[0].placements == 2)
        #expect(head[1].casesOpened == 1 && head[1].persons == 1 && head[1].placements == 0)
        try store.append([f.voided(voidable)])
        #expect(try store.view { try $0.desks(from: from, to: to) }[0].placements == 1)
        let all = try store.view { try $0.desks() }
        #expect(all[0].casesOpened == 3 && all[0].persons == 2 && all[0].placements == 2)
        // A desk with no activity in the period is left out of it, but listed without a period.
        #expect(all.map(\.desk) == ["Crema", "Cremona", "Lodi"])
    }
}
