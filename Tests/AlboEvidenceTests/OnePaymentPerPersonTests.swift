import AlboTestSupport
import AlboDomain
@testable import AlboEvidence
import Foundation
import Testing

/// Rule 6 across cases: a person (data subject) is paid once per protocol, whatever the case
/// or target group their placement is recorded under; and both verifiers agree.
@Suite struct OnePaymentPerPersonTests {
    /// P's first case pays in 2022; P's second case, with another target group, places P again in
    /// 2023; Q has one case; P also has a case under another protocol.
    private func secondCaseStore(sealed: Bool = false) throws -> TempStore {
        let store = try TempStore(origin: sestoOrigin, sealed: sealed)
        var f = EventFactory()
        try store.append([
            f.paidProtocol(), f.paidProtocol("other-2022"),                                                   // 0, 1
            f.caseOpened("C-A", person: "P-7DBDEF"), f.placement("C-A", confirmed: "2022-06-10"),             // 2, 3: paid in 2022
            f.caseOpened("C-B", group: "disability", person: "P-7DBDEF"),                                       // 4
            f.placement("C-B", confirmed: "2023-03-01"),                                                        // 5: already paid through C-A
            f.caseOpened("C-Q", group: "disability", person: "Q-1"), f.placement("C-Q", confirmed: "2023-03-02"), // 6, 7
            f.caseOpened("C-X", protocolId: "other-2022", person: "P-7DBDEF"),                                  // 8
            f.placement("C-X", confirmed: "2023-03-03"),                                                        // 9: another protocol pays once too
        ])
        return store
    }

    @Test func aSecondCaseOfAPaidPersonIsAlreadyPaid_andItsEarlierCaseSupportsTheClaim() throws {
        let store = try secondCaseStore()
        let claim = try exportBundle(store, from: "2023-01-01", to: "2023-12-31").claim
        let (paid, rejected) = outcome(claim)
        #expect(paid == [7: 200_000])
        #expect(rejected == [5: .alreadyPaid])
        // The earlier case is in the bundle: without it nobody could check the rejection.
        #expect(claim.listedStreams == ["case:C-A", "case:C-B", "case:C-Q"])
        let first = outcome(try exportBundle(store, from: "2022-01-01", to: "2022-12-31").claim)
        #expect(first.paid == [3: 150_000] && first.rejected.isEmpty)
        // The same person under another protocol is that protocol's to pay once.
        let other = outcome(try exportBundle(store, "other-2022", from: "2023-01-01", to: "2023-12-31").claim)
        #expect(other.paid == [9: 150_000] && other.rejected.isEmpty)
    }

    @Test func earlierAcrossCasesMeansConfirmedOnThenSeq() throws {
        let store = try TempStore(origin: sestoOrigin)
        var f = EventFactory()
        try store.append([
            f.paidProtocol(),
            f.caseOpened("C-1", person: "P-1"), f.caseOpened("C-2", group: "disability", person: "P-1"), // 1, 2
            f.placement("C-1", confirmed: "2023-05-20"),                                                    // 3: recorded first, confirmed later
            f.placement("C-2", confirmed: "2023-05-10"),                                                    // 4: confirmed earlier → paid
            f.caseOpened("C-3", person: "P-2"), f.caseOpened("C-4", person: "P-2"),                          // 5, 6
            f.placement("C-4", confirmed: "2023-05-10"), f.placement("C-3", confirmed: "2023-05-10"),       // 7: same day, lower seq → paid; 8
        ])
        let (paid, rejected) = outcome(try exportBundle(store, from: "2023-05-01", to: "2023-05-31").claim)
        #expect(paid == [4: 200_000, 7: 150_000])
        #expect(rejected == [3: .alreadyPaid, 8: .alreadyPaid])
    }

    @Test func anEarlierRejectedPlacementOfThePersonPaysNothing_soTheNextCaseIsPaid() throws {
        let store = try TempStore(origin: sestoOrigin)
        var f = EventFactory()
        let v = f.nextId()
        try store.append([
            f.paidProtocol(),
            f.caseOpened("C-1", person: "P-1"),
            f.placement("C-1", contract: "fixed-term", months: 3, confirmed: "2022-06-01"),                // 2: too short
            f.placement("C-1", confirmed: "2022-07-01", id: v), f.voided(v),                              // 3, 4: voided
            f.caseOpened("C-2", group: "young-unemployed", person: "P-1"), f.placement("C-2", confirmed: "2022-08-01"), // 5, 6: no tariff
            f.caseOpened("C-3", group: "disability", person: "P-1"), f.placement("C-3", confirmed: "2023-02-01"),       // 7, 8: paid
        ])
        let claim = try exportBundle(store, from: "2023-01-01", to: "2023-06-30").claim
        #expect(outcome(claim).paid == [8: 200_000] && claim.rejections.isEmpty)
        #expect(claim.listedStreams == ["case:C-1", "case:C-2", "case:C-3"])
    }

    @Test func aPersonWithNoPlacementInThePeriodBringsNoCaseToTheBundle() throws {
        let store = try TempStore(origin: sestoOrigin)
        var f = EventFactory()
        try store.append([
            f.paidProtocol(),
            f.caseOpened("C-1", person: "P-1"), f.placement("C-1", confirmed: "2022-06-01"),
            f.caseOpened("C-2", person: "P-1"), f.placement("C-2", confirmed: "2023-09-01"), // after the period
            f.caseOpened("C-3", person: "P-2"), f.placement("C-3", confirmed: "2023-02-01"),
            f.caseOpened("C-4", person: "P-2"), f.placement("C-4", confirmed: "2023-08-01"), // P-2's, but after the period's end
        ])
        let claim = try exportBundle(store, from: "2023-01-01", to: "2023-06-30").claim
        #expect(claim.listedStreams == ["case:C-3"])
    }

    @Test func onASealedStore_theSubjectReferenceIsThePerson() throws {
        let store = try secondCaseStore(sealed: true)
        let bundle = try exportBundle(store, from: "2023-01-01", to: "2023-12-31")
        let (paid, rejected) = outcome(bundle.claim)
        #expect(paid == [7: 200_000])
        #expect(rejected == [5: .alreadyPaid])
        // The histories as a report reads them, sealed (no key opened): the subject still joins the cases.
        let histories = try store.ledger.reader.read { log in
            try ["C-A", "C-B", "C-Q"].map { cid in
                try #require(PaymentRules.history(of: try log.streamSeqs(StreamName(.case, cid)).map { try log.record(seq: $0) }))
            }
        }
        #expect(histories.allSatisfy { SealedValue.isSealed($0.opening.person) })
        #expect(histories[0].subject == histories[1].subject && histories[0].subject != histories[2].subject)
        #expect(SubjectReference.isValid(histories[0].subject))
    }

    @Test func bothVerifiersRecomputeTheRule_andCatchTheEarlierCaseDropped() throws {
        for sealed in [false, true] {
            let store = try secondCaseStore(sealed: sealed)
            var files = try exportBundle(store, from: "2023-01-01", to: "2023-12-31").files
            let dir = try TempDirectory()
            let vkey = try dir.file("sesto.vkey", TestKeys.pair.verifierKey + "\n")
            try writeFiles(files, to: dir.path + "/ok")
            let swift = try albo(["verify-bundle", dir.path + "/ok", "--vkey", vkey])
            #expect(swift.code == 0, "\(swift.stderr)")
            #expect(swift.stdout.contains("1 eligible, 1 rejected, total €2,000.00"), "\(swift.stdout)")
            let python = try pythonVerifier(dir.path + "/ok", vkey)
            #expect(python.code == 0, "\(python.stdout)\(python.stderr)")
            #expect(python.stdout.contains("1 eligible, 1 rejected, total €2,000.00"), "\(python.stdout)")
            #expect(String(decoding: files["rejected.csv"] ?? [], as: UTF8.self).contains(",already-paid\r\n"))

            // A forger drops the earlier case (events and proofs) and pays the second one: the
            // streams left are complete, so only the rule, recomputed, tells.
            func lines(_ name: String) -> [String] { String(decoding: files[name] ?? [], as: UTF8.self).components(separatedBy: "\n") }
            let events = lines("events.ndjson"), proofs = lines("proofs.ndjson")
            let keep = events.indices.filter { !events[$0].contains(#""stream":"case:C-A""#) }
            files["events.ndjson"] = Array(keep.map { events[$0] }.joined(separator: "\n").utf8)
            files["proofs.ndjson"] = Array(keep.map { proofs[$0] }.joined(separator: "\n").utf8)
            files["manifest.json"] = PaymentExporter.manifest(files)
            try writeFiles(files, to: dir.path + "/forged")
            let swiftForged = try albo(["verify-bundle", dir.path + "/forged", "--vkey", vkey])
            #expect(swiftForged.code == 2 && swiftForged.stderr.contains("rejected.csv line 2: differs from the recomputation"), "\(swiftForged.stderr)")
            let pythonForged = try pythonVerifier(dir.path + "/forged", vkey)
            #expect(pythonForged.code == 2 && pythonForged.stderr.contains("rejected.csv line 2: differs from the recomputation"), "\(pythonForged.stderr)")
        }
    }

    @Test func throughTheBinary_aPersonPaidIn2019IsNotPaidAgainIn2020_underAnotherCase() throws {
        var f = EventFactory()
        let protocolLine = f.line("ProtocolSigned", [
            "protocolId": .string("sesto-x"), "title": .string("Servizio a risultato"), "kind": .string("service-contract"),
            "parties": .array([.string("Comune di Sesto San Giovanni"), .string("Operatore, accreditato")]),
            "signedOn": .string("2018-12-20"), "validFrom": .string("2019-01-01"), "validTo": .string("2021-12-31"),
            "outcomePayment": .object([
                "operator": .string("Operatore, accreditato"),
                "tariffs": .object(["unemployed-over-45": .integer(100_000), "disability": .integer(300_000)]),
                "eligibleContracts": .array([.string("permanent"), .string("fixed-term")]),
            ]),
        ])
        let lines = [
            protocolLine,
            f.caseOpened("SES-A", protocolId: "sesto-x", on: "2019-02-01", person: "P-7DBDEF"),
            f.placement("SES-A", confirmed: "2019-05-10"),
            f.line("CaseClosed", ["caseId": .string("SES-A"), "reason": .string("placed"), "closedOn": .string("2019-05-31")]),
            f.caseOpened("SES-B", protocolId: "sesto-x", group: "disability", on: "2020-01-15", person: "P-7DBDEF"),
            f.placement("SES-B", confirmed: "2020-03-02"),
        ]
        let dir = try TempDirectory()
        let input = try dir.file("events.ndjson", lines.joined(separator: "\n") + "\n")
        let key = try dir.file("sesto.key", TestKeys.pair.signerKey + "\n")
        let vkey = try dir.file("sesto.vkey", TestKeys.pair.verifierKey + "\n")
        let store = dir.path + "/store"
        let appended = try albo(["append", input, "--store", store])
        #expect(appended.code == 0, "\(appended.stderr)")
        for (period, out) in [(("2019-01-01", "2019-12-31"), "/2019"), (("2020-01-01", "2020-12-31"), "/2020")] {
            let export = try albo(["export", "payments", "--store", store, "--protocol", "sesto-x", "--from", period.0, "--to", period.1,
                                   "--out", dir.path + out, "--key", key])
            #expect(export.code == 0, "\(export.stderr)")
        }
        let paid2019 = try String(contentsOfFile: dir.path + "/2019/payments.csv", encoding: .utf8)
        #expect(paid2019.contains(",SES-A,P-7DBDEF,unemployed-over-45,") && paid2019.hasSuffix(",100000\r\n"))
        let rejected2020 = try String(contentsOfFile: dir.path + "/2020/rejected.csv", encoding: .utf8)
        #expect(rejected2020.hasSuffix(",SES-B,P-7DBDEF,disability,already-paid\r\n"), "\(rejected2020)")
        let payments2020 = try String(contentsOfFile: dir.path + "/2020/payments.csv", encoding: .utf8)
        #expect(payments2020.components(separatedBy: "\r\n").count == 2, "header only: \(payments2020)")
        let swift = try albo(["verify-bundle", dir.path + "/2020", "--vkey", vkey])
        #expect(swift.code == 0 && swift.stdout.contains("0 eligible, 1 rejected, total €0.00"), "\(swift.stdout)\(swift.stderr)")
        let python = try pythonVerifier(dir.path + "/2020", vkey)
        #expect(python.code == 0 && python.stdout.contains("0 eligible, 1 rejected, total €0.00"), "\(python.stdout)\(python.stderr)")
    }
}
