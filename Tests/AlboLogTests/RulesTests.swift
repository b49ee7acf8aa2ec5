import AlboTestSupport
import AlboDomain
@testable import AlboLog
import Testing

/// Each rule that needs the store, with a batch it rejects and one it accepts.
@Suite("Ledger rules against the store")
struct RulesTests {
    private func rules(_ store: TempStore, _ lines: [String]) throws -> [String] {
        try store.rejections(lines).map(\.rule)
    }

    @Test("a protocol, hire or case id can be opened only once")
    func rules_idsOpenedOnce() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1")])
        #expect(try rules(store, [f.protocolSigned("conv-1")]) == ["protocol.exists"])
        #expect(try rules(store, [f.caseOpened("C-1", protocolId: "conv-1")]) == ["case.exists"])
        let hire = { (f: inout EventFactory) in
            f.line("HireAnnounced", ["hireId": .string("H-1"), "employer": .string("Unione"), "role": .string("psicologo"),
                                     "positions": .integer(3), "contract": .string("flexible"), "announcedOn": .string("2023-05-01")])
        }
        try store.append([hire(&f)])
        #expect(try rules(store, [hire(&f)]) == ["hire.exists"])
        // Within one batch the earlier line counts too.
        #expect(try rules(store, [f.protocolSigned("conv-2"), f.protocolSigned("conv-2")]) == ["protocol.exists"])
    }

    @Test("a case needs an existing protocol valid on openedOn")
    func rules_caseNeedsValidProtocol() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1", from: "2022-11-01", to: "2023-10-31")])
        #expect(try rules(store, [f.caseOpened("C-1", protocolId: "nope")]) == ["protocol.not-found"])
        #expect(try rules(store, [f.caseOpened("C-1", protocolId: "conv-1", on: "2022-10-31")]) == ["protocol.not-valid"])
        #expect(try rules(store, [f.caseOpened("C-1", protocolId: "conv-1", on: "2023-11-01")]) == ["protocol.not-valid"])
        #expect(try store.append([f.caseOpened("C-1", protocolId: "conv-1", on: "2022-11-01"), f.caseOpened("C-2", protocolId: "conv-1", on: "2023-10-31")]).appended == 2)
    }

    @Test("traineeships, placements and closes need an open case and dates not before it opened")
    func rules_caseMustBeOpen() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1", on: "2023-01-10")])
        #expect(try rules(store, [f.placement("C-1", start: "2023-01-09")]) == ["date.before-opened"])
        #expect(try rules(store, [f.closed("C-1", on: "2023-01-01")]) == ["date.before-opened"])
        #expect(try rules(store, [f.placement("C-9")]) == ["case.not-found"])
        try store.append([f.closed("C-1")])
        #expect(try rules(store, [f.placement("C-1")]) == ["case.closed"])
        #expect(try rules(store, [f.closed("C-1")]) == ["case.closed"])
    }

    @Test("traineeship ids are unique and a named protocol must exist")
    func rules_traineeships() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1")])
        func t(_ f: inout EventFactory, _ tid: String, _ pid: String? = nil) -> String {
            var d: [String: JSONValue] = ["caseId": .string("C-1"), "traineeshipId": .string(tid), "host": .string("Istituto Racchetti"),
                                          "kind": .string("school-work"), "startOn": .string("2023-02-01")]
            if let pid { d["protocolId"] = .string(pid) }
            return f.line("TraineeshipStarted", d)
        }
        #expect(try rules(store, [t(&f, "T-1", "school-x")]) == ["protocol.not-found"])
        try store.append([t(&f, "T-1", "conv-1")])
        #expect(try rules(store, [t(&f, "T-1")]) == ["traineeship.exists"])
    }

    @Test("a void names an earlier live event that is not a void, and never orphans later events")
    func rules_voids() throws {
        let store = try TempStore()
        var f = EventFactory()
        let openId = "00000000-0000-4000-8000-00000000aa01"
        let placementId = "00000000-0000-4000-8000-00000000aa02"
        let voidId = "00000000-0000-4000-8000-00000000aa03"
        try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1", id: openId), f.placement("C-1", id: placementId)])
        #expect(try rules(store, [f.voided("00000000-0000-4000-8000-0000000000ff")]) == ["event.not-found"])
        #expect(try rules(store, [f.voided(openId)]) == ["void.orphans"])
        let s = try store.append([f.voided(placementId, id: voidId)])
        // The void lives in the voided event's stream.
        #expect(try store.record(s.lastSeq!).stream == "case:C-1")
        #expect(try store.record(s.lastSeq!).version == 3)
        #expect(try rules(store, [f.voided(placementId)]) == ["event.voided"])
        #expect(try rules(store, [f.voided(voidId)]) == ["void.of-void"])
        // With its only later event voided, the case itself can now be voided, and its id reused.
        try store.append([f.voided(openId)])
        #expect(try rules(store, [f.placement("C-1")]) == ["case.not-found"])
        #expect(try store.append([f.caseOpened("C-1", protocolId: "conv-1")]).appended == 1)
    }

    @Test("voiding a close reopens the case; a protocol in use cannot be voided")
    func rules_voidUndoes() throws {
        let store = try TempStore()
        var f = EventFactory()
        let pid = "00000000-0000-4000-8000-00000000bb01"
        let closeId = "00000000-0000-4000-8000-00000000bb02"
        try store.append([f.protocolSigned("conv-1", id: pid), f.caseOpened("C-1", protocolId: "conv-1"), f.closed("C-1", id: closeId)])
        #expect(try rules(store, [f.placement("C-1")]) == ["case.closed"])
        try store.append([f.voided(closeId)])
        #expect(try store.append([f.placement("C-1")]).appended == 1)
        #expect(try rules(store, [f.voided(pid)]) == ["void.orphans"])
    }
}
