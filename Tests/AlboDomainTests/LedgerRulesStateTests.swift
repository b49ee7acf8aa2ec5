import Testing
import AlboDomain

/// The ledger rules own their state: applying an event records its stream version (and
/// the facts) without the caller touching them.
@Suite("Ledger rules keep their own state")
struct LedgerRulesStateTests {
    private func event(_ line: String) throws -> IncomingEvent {
        let sink = ViolationSink(line: 1)
        return try #require(EventDecoder.decode(try JSONParser.parse(Array(line.utf8)), sink: sink), "\(sink.items)")
    }

    @Test("each applied event moves its stream to the next version; other streams stay where they are")
    func apply_advancesTheStreamVersion() throws {
        let facts = MemoryFacts { _ in nil }
        let opened = try event(#"{"id":"00000000-0000-4000-8000-000000000001","type":"CaseOpened","recordedBy":"op","data":{"caseId":"C-1","person":"P-1","protocolId":"conv","desk":"D","targetGroup":"other","openedOn":"2023-01-02"}}"#)
        let closed = try event(#"{"id":"00000000-0000-4000-8000-000000000002","type":"CaseClosed","recordedBy":"op","data":{"caseId":"C-1","reason":"withdrawn","closedOn":"2023-01-03"}}"#)
        let stream = "case:C-1"
        #expect(try LedgerRules.nextVersion(of: stream, in: facts) == 1)
        try LedgerRules.apply(opened, seq: 0, stream: stream, version: try LedgerRules.nextVersion(of: stream, in: facts), to: facts)
        #expect(try LedgerRules.nextVersion(of: stream, in: facts) == 2)
        try LedgerRules.apply(closed, seq: 1, stream: stream, version: try LedgerRules.nextVersion(of: stream, in: facts), to: facts)
        #expect(facts.versions == [stream: 2])
        #expect(facts.cases["C-1"]?.isOpen == false && facts.cases["C-1"]?.laterEvents == 1)
        #expect(try LedgerRules.nextVersion(of: "case:C-2", in: facts) == 1)
    }
}
