import AlboTestSupport
import AlboDomain
import AlboProjections
import Testing

@Suite("Protocols, hires and traineeships")
struct CatalogTests {
    @Test("protocols filter by party (any case) and by the day they are valid on; a voided protocol is gone")
    func protocols_filters() throws {
        let store = try TempStore()
        var f = EventFactory()
        let voidable = f.nextId()
        try store.append([
            f.protocolSigned("open-ended", parties: ["Provincia di Livorno", "Comune di Cecina"], from: "2010-12-07", to: nil),
            f.protocolSigned("closed-2020", parties: ["Comune di Crema", "Comune di Cremona"], from: "2017-01-01", to: "2020-12-31"),
            f.protocolSigned("mistake", parties: ["Comune di Crema", "Comune di Lodi"], from: "2017-01-01", to: nil, id: voidable),
        ])
        try store.append([f.voided(voidable)])
        func ids(_ party: String?, _ day: String?) throws -> [String] {
            try store.view { try $0.protocols(party: party, activeOn: day.flatMap(CivilDate.init)) }.compactMap { $0.objectValue?["protocolId"]?.stringValue }
        }
        #expect(try ids(nil, nil) == ["closed-2020", "open-ended"])
        #expect(try ids("comune di cecina", nil) == ["open-ended"])
        #expect(try ids("Comune di Crema", nil) == ["closed-2020"])
        #expect(try ids(nil, "2020-12-31") == ["closed-2020", "open-ended"])
        #expect(try ids(nil, "2021-01-01") == ["open-ended"])
        #expect(try ids(nil, "2016-12-31") == ["open-ended"])
        #expect(try store.view(asOf: .size(3)) { try $0.protocols() }.count == 3)
    }

    @Test("hires total positions by role and funding, filtered by employer and funding, without voided hires")
    func hires_totals() throws {
        let store = try TempStore()
        var f = EventFactory()
        let voidable = f.nextId()
        try store.append([
            f.hire("H-1", role: "psicologo", positions: 3, funding: "PN Inclusione"),
            f.hire("H-2", role: "pedagogista", positions: 4, funding: "PN Inclusione"),
            f.hire("H-3", employer: "Comune di Sassuolo", role: "assistente sociale", positions: 2),
            f.hire("H-4", role: "psicologo", positions: 5, funding: "PN Inclusione", id: voidable),
        ])
        try store.append([f.voided(voidable)])
        let all = try store.view { try $0.hires() }
        #expect(all.totalPositions == 9 && all.byRole == ["psicologo": 3, "pedagogista": 4, "assistente sociale": 2])
        #expect(all.byFunding == ["PN Inclusione": 7])
        #expect(try store.view { try $0.hires(funding: "pn inclusione") }.totalPositions == 7)
        #expect(try store.view { try $0.hires(employer: "Comune di Sassuolo") }.byRole == ["assistente sociale": 2])
        #expect(try store.view(asOf: .size(4)) { try $0.hires() }.totalPositions == 14)
    }

    @Test("traineeships take their own protocol, else their case's; kind filters; voided ones are gone")
    func traineeships_filters() throws {
        let store = try TempStore()
        var f = EventFactory()
        let voidable = f.nextId()
        try store.append([
            f.protocolSigned("conv-1"), f.protocolSigned("school-1"), f.caseOpened("C-1", protocolId: "conv-1"),
            f.traineeship("C-1", "T-1"), f.traineeship("C-1", "T-2", kind: "school-work", protocolId: "school-1"),
            f.traineeship("C-1", "T-3", id: voidable),
        ])
        try store.append([f.voided(voidable)])
        func ids(_ p: String?, _ k: String?) throws -> [String] {
            try store.view { try $0.traineeships(protocolId: p, kind: k) }.compactMap { $0.objectValue?["traineeshipId"]?.stringValue }
        }
        #expect(try ids(nil, nil) == ["T-1", "T-2"])
        #expect(try ids("conv-1", nil) == ["T-1"])
        #expect(try ids("school-1", nil) == ["T-2"])
        #expect(try ids(nil, "school-work") == ["T-2"])
        #expect(throws: ProjectionError.self) { try ids(nil, "summer-camp") }
        #expect(try store.view { try $0.case("C-1") }?.traineeships.map(\.traineeshipId) == ["T-1", "T-2"])
    }
}
