import AlboTestSupport
import AlboDomain
import AlboEvidence
import Testing

/// docs/reference.md §7's rules, through the exporter (the path a finance office takes).
@Suite struct PaymentRulesTests {
    @Test func everyRejectionReason_andTheAmountOfAnEligiblePlacement() throws {
        let store = try TempStore(origin: sestoOrigin)
        var f = EventFactory()
        let voidedId = f.nextId()
        try store.append([
            f.paidProtocol(),                                                                         // 0
            f.caseOpened("C-OK"), f.placement("C-OK", confirmed: "2023-03-01"),                         // 1, 2
            f.caseOpened("C-DIS", group: "disability"), f.placement("C-DIS", contract: "fixed-term", months: 6, confirmed: "2023-03-02"), // 3, 4
            f.caseOpened("C-VOID"), f.placement("C-VOID", confirmed: "2023-03-03", id: voidedId), f.voided(voidedId), // 5, 6, 7
            f.caseOpened("C-LATE"), f.placement("C-LATE", start: "2025-01-02", confirmed: "2023-03-04"), // 8, 9
            f.caseOpened("C-APP"), f.placement("C-APP", contract: "apprenticeship", confirmed: "2023-03-05"), // 10, 11
            f.caseOpened("C-SHORT"), f.placement("C-SHORT", contract: "fixed-term", months: 5, confirmed: "2023-03-06"), // 12, 13
            f.caseOpened("C-YOUNG", group: "young-unemployed"), f.placement("C-YOUNG", confirmed: "2023-03-07"), // 14, 15
            f.caseOpened("C-TWICE"), f.placement("C-TWICE", confirmed: "2023-03-08"), f.placement("C-TWICE", confirmed: "2023-03-09"), // 16, 17, 18
        ])
        let claim = try exportBundle(store, from: "2023-01-01", to: "2023-06-30").claim
        let (paid, rejected) = outcome(claim)
        #expect(paid == [2: 150_000, 4: 200_000, 17: 150_000])
        #expect(rejected == [6: .voided, 9: .outsideProtocolValidity, 11: .contractNotEligible, 13: .fixedTermTooShort,
                             15: .noTariff, 18: .alreadyPaid])
        #expect(claim.totalCents == 500_000)
        #expect(claim.operator == "Operatore, accreditato")
        #expect(claim.rejections.map(\.claimed.seq) == [6, 9, 11, 13, 15, 18], "rows are in seq order")
    }

    @Test func reasonsApplyInContractOrder_theFirstBrokenRuleIsReported() throws {
        let store = try TempStore(origin: sestoOrigin)
        var f = EventFactory()
        let v = f.nextId()
        try store.append([
            f.paidProtocol(),                                                                                            // 0
            f.caseOpened("C-1", group: "young-unemployed"),                                                              // 1
            // voided beats outside-validity, contract-not-eligible and no-tariff
            f.placement("C-1", contract: "apprenticeship", start: "2025-06-01", confirmed: "2023-04-01", id: v), f.voided(v), // 2, 3
            // outside-validity beats contract-not-eligible and no-tariff
            f.placement("C-1", contract: "apprenticeship", start: "2025-06-01", confirmed: "2023-04-02"),                 // 4
            // contract-not-eligible beats no-tariff
            f.placement("C-1", contract: "apprenticeship", confirmed: "2023-04-03"),                                      // 5
            // fixed-term-too-short beats no-tariff
            f.placement("C-1", contract: "fixed-term", months: 3, confirmed: "2023-04-04"),                               // 6
            f.caseOpened("C-2"),                                                                                         // 7
            // outside-validity beats fixed-term-too-short
            f.placement("C-2", contract: "fixed-term", months: 3, start: "2025-01-01", confirmed: "2023-04-05"),         // 8
            // a rejected placement is never "paid": the next eligible one is paid, the one after is already-paid
            f.placement("C-2", contract: "fixed-term", months: 12, confirmed: "2023-04-06"),                             // 9
            f.placement("C-2", contract: "fixed-term", months: 3, confirmed: "2023-04-07"),                              // 10: too short, not already-paid
            f.placement("C-2", confirmed: "2023-04-08"),                                                                 // 11
        ])
        let (paid, rejected) = outcome(try exportBundle(store, from: "2023-04-01", to: "2023-04-30").claim)
        #expect(rejected == [2: .voided, 4: .outsideProtocolValidity, 5: .contractNotEligible, 6: .fixedTermTooShort,
                             8: .outsideProtocolValidity, 10: .fixedTermTooShort, 11: .alreadyPaid])
        #expect(paid == [9: 150_000])
        #expect(RejectionReason.allCases.map(\.rawValue) == ["voided", "outside-protocol-validity", "contract-not-eligible",
                                                             "fixed-term-too-short", "no-tariff", "already-paid"])
    }

    @Test func aCaseIsPaidOnceAcrossPeriods() throws {
        let store = try TempStore(origin: sestoOrigin)
        var f = EventFactory()
        try store.append([
            f.paidProtocol(), f.caseOpened("C-1"),
            f.placement("C-1", confirmed: "2023-03-15"),                                   // 2: semester 1
            f.placement("C-1", contract: "fixed-term", months: 12, confirmed: "2023-09-15"), // 3: semester 2
        ])
        let first = outcome(try exportBundle(store, from: "2023-01-01", to: "2023-06-30").claim)
        #expect(first.paid == [2: 150_000] && first.rejected.isEmpty)
        let second = outcome(try exportBundle(store, from: "2023-07-01", to: "2023-12-31").claim)
        #expect(second.paid.isEmpty)
        #expect(second.rejected == [3: .alreadyPaid])
    }

    @Test func earlierMeansConfirmedOnThenSeq_notRecordingOrder() throws {
        let store = try TempStore(origin: sestoOrigin)
        var f = EventFactory()
        try store.append([
            f.paidProtocol(), f.caseOpened("C-1"), f.caseOpened("C-2"),
            f.placement("C-1", confirmed: "2023-05-20"),                                   // 3: recorded first, confirmed later
            f.placement("C-1", confirmed: "2023-05-10"),                                   // 4: confirmed earlier → paid
            f.placement("C-2", confirmed: "2023-05-10"),                                   // 5: same day → lower seq paid
            f.placement("C-2", confirmed: "2023-05-10"),                                   // 6
        ])
        let (paid, rejected) = outcome(try exportBundle(store, from: "2023-05-01", to: "2023-05-31").claim)
        #expect(paid == [4: 150_000, 5: 150_000])
        #expect(rejected == [3: .alreadyPaid, 6: .alreadyPaid])
    }

    @Test func aVoidedPlacementIsRejectedAndDoesNotBlockTheNextOne() throws {
        let store = try TempStore(origin: sestoOrigin)
        var f = EventFactory()
        let v = f.nextId()
        try store.append([
            f.paidProtocol(), f.caseOpened("C-1"),
            f.placement("C-1", confirmed: "2022-11-02", id: v), f.voided(v),   // 2, 3: voided in an earlier period
            f.placement("C-1", confirmed: "2023-02-01"),                       // 4
        ])
        let earlier = outcome(try exportBundle(store, from: "2022-07-01", to: "2022-12-31").claim)
        #expect(earlier.rejected == [2: .voided] && earlier.paid.isEmpty)
        let later = outcome(try exportBundle(store, from: "2023-01-01", to: "2023-06-30").claim)
        #expect(later.paid == [4: 150_000] && later.rejected.isEmpty)
    }

    @Test func periodEdgesAreInclusive() throws {
        let store = try TempStore(origin: sestoOrigin)
        var f = EventFactory()
        try store.append([
            f.paidProtocol(),
            f.caseOpened("C-A"), f.placement("C-A", confirmed: "2022-12-31"),  // 2: the day before
            f.caseOpened("C-B"), f.placement("C-B", confirmed: "2023-01-01"),  // 4: first day
            f.caseOpened("C-C"), f.placement("C-C", confirmed: "2023-06-30"),  // 6: last day
            f.caseOpened("C-D"), f.placement("C-D", confirmed: "2023-07-01"),  // 8: the day after
        ])
        let claim = try exportBundle(store, from: "2023-01-01", to: "2023-06-30").claim
        #expect(outcome(claim).paid == [4: 150_000, 6: 150_000])
        #expect(claim.listedStreams == ["case:C-B", "case:C-C"])
        let oneDay = try exportBundle(store, from: "2023-06-30", to: "2023-06-30").claim
        #expect(outcome(oneDay).paid == [6: 150_000])
    }

    @Test func onlyTheProtocolsLiveCasesAreClaimed_aVoidedCaseIsNotListed() throws {
        let store = try TempStore(origin: sestoOrigin)
        var f = EventFactory()
        let opening = f.nextId()
        let placement = f.nextId()
        try store.append([
            f.paidProtocol(), f.paidProtocol("other-2022"),
            f.caseOpened("C-OTHER", protocolId: "other-2022"), f.placement("C-OTHER", confirmed: "2023-02-01"), // 2, 3
            f.caseOpened("C-GONE", id: opening), f.placement("C-GONE", confirmed: "2023-02-02", id: placement), // 4, 5
            f.voided(placement), f.voided(opening),                                                           // 6, 7
        ])
        let claim = try exportBundle(store, from: "2023-01-01", to: "2023-06-30").claim
        #expect(claim.payments.isEmpty && claim.rejections.isEmpty && claim.listedStreams.isEmpty)
        // Reopened under the paid protocol, the case is P's again; its old, voided placement stays out.
        try store.append([f.caseOpened("C-GONE", on: "2023-01-05"), f.placement("C-GONE", confirmed: "2023-03-01")]) // 8, 9
        let reopened = try exportBundle(store, from: "2023-01-01", to: "2023-06-30")
        #expect(outcome(reopened.claim).paid == [9: 150_000] && reopened.claim.rejections.isEmpty)
        #expect(reopened.claim.listedStreams == ["case:C-GONE"])
        let events = reopened.files["events.ndjson"].map { String(decoding: $0, as: UTF8.self) } ?? ""
        #expect(events.split(separator: "\n").count == 1 + 6, "the protocol stream and the whole case stream, voids included")
    }
}
