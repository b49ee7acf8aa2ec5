import AlboTestSupport
import AlboDomain
@_spi(Writing) import AlboLog
import AlboProjections
import Testing

/// A projection reaches its own databases through a store scoped to the names it declares.
@Suite("Projection storage: each projection its own databases")
struct ProjectionStoreTests {
    @Test("a projection that writes a database it did not declare is refused, and nothing it did is kept")
    func undeclaredDatabase_isRefused() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1")])
        let before = try store.digests()
        let rogue = ProjectionRunner(ledger: store.ledger, projections: [Trespasser()])
        #expect { try rogue.rebuild() } throws: { ($0 as? LogError)?.code == .misuse }
        #expect(try store.digests() == before)
    }

    @Test("the runner's store for one projection refuses another projection's database, and names outside p.")
    func storeScope_isTheDeclaredNames() throws {
        let store = try TempStore()
        try store.ledger.projectionUpdater().write { txn in
            let own = try txn.store(["p.mine"])
            try own.table("p.mine").put([1], [2])
            #expect(try own.table("p.mine").get([1]).map(Array.init) == [2])
            #expect { try own.table("p.cases") } throws: { ($0 as? LogError)?.code == .misuse }
            #expect { try txn.store(["events"]) } throws: { ($0 as? LogError)?.code == .misuse }
            #expect { try txn.store(["p."]) } throws: { ($0 as? LogError)?.code == .misuse }
        }
    }
}

/// Declares one database and writes into the cases projection's.
private struct Trespasser: Projection {
    let name = "trespasser"
    let version = 1
    var databases: [String] { ["p.trespasser"] }
    func apply(_ event: ProjectedEvent, _ state: ProjectionWriter) throws {
        try state.table("p.trespasser").write(EntityKey("x"), seq: event.seq, [1])
        try state.database("p.cases").put(Array("zzz".utf8), [1, 2, 3])
    }
}
