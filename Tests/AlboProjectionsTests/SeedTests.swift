import AlboTestSupport
import AlboDomain
@_spi(Writing) import AlboLog
import AlboProjections
import Foundation
import Testing

@Suite("Seed figures")
struct SeedTests {
    /// A store holding the five seed scenarios.
    static func seededStore() throws -> TempStore {
        let dir = try Scripts.generate(["seeds"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try TempStore()
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".ndjson") {
            _ = try store.ledger.writer().append(BatchInput(path: dir + "/" + name))
        }
        return store
    }

    @Test("the articles' figures: Trecate, Distretto Ceramico, Crema, Livorno")
    func seeds_reproduceTheArticles() throws {
        let store = try Self.seededStore()
        try store.view { view in
            let trecate = try view.outcomes(protocolId: "conv-trecate-2022", from: #require(CivilDate("2022-11-01")), to: #require(CivilDate("2023-10-31")))
            #expect(trecate.activated == 534 && trecate.concluded == 207 && trecate.inProgress == 327)
            #expect(trecate.referredBy["CPI Novara"] == 256)

            let hires = try view.hires()
            #expect(hires.totalPositions == 13)
            #expect(hires.byFunding["PN Inclusione e lotta alla povertà 2021-2027"] == 8)

            let crema = try view.desks(from: CivilDate("2018-01-01"), to: CivilDate("2018-12-31")).first { $0.desk == "Crema" }
            #expect((crema?.persons ?? 0) > 1000)

            let livorno = try view.protocols(party: "Provincia di Livorno")
            #expect(livorno.count == 2)
            for p in livorno {
                let parties = p.objectValue?["parties"]?.arrayValue?.compactMap(\.stringValue) ?? []
                #expect(parties.count == 10 && Set(parties).count == 10 && parties.contains("Comune di Collesalvetti"))
            }
        }
    }
}
