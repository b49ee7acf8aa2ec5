import AlboDomain
@testable import AlboLog
import AlboTestSupport
import Foundation
import Testing

/// The append rules' stored facts: read back exactly, and never mistaken for absent.
@Suite("Stored facts")
struct FactStoreTests {
    @Test("stored protocol and case facts read back as written, and nothing else is accepted")
    func encoding_roundTripsAndRefusesOddText() throws {
        let p = ProtocolFacts(validFrom: try #require(CivilDate("2022-01-01")), validTo: nil, references: 3)
        let c = CaseFacts(protocolId: "conv-1", openedOn: try #require(CivilDate("2023-01-10")), isOpen: false, laterEvents: 2)
        func fields(_ s: String) -> [Substring] { s.split(separator: "|", omittingEmptySubsequences: false) }
        #expect(FactStore.encode(p) == "2022-01-01||3" && FactStore.decodeProtocol(fields(FactStore.encode(p))) == p)
        #expect(FactStore.encode(c) == "conv-1|2023-01-10|0|2" && FactStore.decodeCase(fields(FactStore.encode(c))) == c)
        #expect(FactStore.decodeProtocol(fields("2022-01-01|2022-02-30|3")) == nil)
        #expect(FactStore.decodeCase(fields("conv-1|2023-01-10|yes|2")) == nil)
    }

    @Test("facts that cannot be read stop an append as damage (a case is never opened twice) and verify lists them")
    func unreadableFacts_areDamageNotAbsence() throws {
        let store = try TempStore(origin: "test.example/albo")
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1")])
        try store.ledger.env.write { txn in
            try txn.put(try txn.open("facts", create: false), Array("cC-1".utf8), Array("garbled".utf8))
        }
        let size = try store.ledger.read { $0.size }
        do {
            try store.append([f.caseOpened("C-1", protocolId: "conv-1")])
            Issue.record("a second CaseOpened of C-1 was accepted")
        } catch let e as LogError {
            #expect(e.code == .corrupt && e.message.contains("c:C-1"), "\(e)")
        }
        #expect(try store.ledger.read { $0.size } == size)
        #expect(try store.ledger.verify().problems.map(\.check).contains("index.facts"))
    }
}
