import AlboTestSupport
import Foundation
import Testing
@testable import AlboDomain

/// The payloads' vocabularies as enums: their terms are the schemas' words, validation
/// produces them on both paths, and they order as their text does.
@Suite("Vocabularies")
struct VocabularyTests {
    /// The `enum` list at `path` (keys) inside a schema file of Schemas/.
    private func schemaEnum(_ file: String, _ path: [String]) throws -> Set<String> {
        let url = Paths.packageRoot.appendingPathComponent("Schemas/" + file)
        var node: Any = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        for key in path { node = try #require((node as? [String: Any])?[key], "\(file): no \(key)") }
        return Set(try #require((node as? [String: Any])?["enum"] as? [String]))
    }

    @Test("each enum's terms are exactly the words its JSON Schema allows")
    func terms_matchTheSchemas() throws {
        #expect(Set(ProtocolKind.names) == (try schemaEnum("payloads/ProtocolSigned.schema.json", ["properties", "kind"])))
        #expect(Set(HireContract.names) == (try schemaEnum("payloads/HireAnnounced.schema.json", ["properties", "contract"])))
        #expect(Set(Recruitment.names) == (try schemaEnum("payloads/HireAnnounced.schema.json", ["properties", "recruitment"])))
        #expect(Set(TargetGroup.names) == (try schemaEnum("common.schema.json", ["$defs", "targetGroup"])))
        #expect(Set(TraineeshipKind.names) == (try schemaEnum("payloads/TraineeshipStarted.schema.json", ["properties", "kind"])))
        #expect(Set(PlacementContract.names) == (try schemaEnum("common.schema.json", ["$defs", "placementContract"])))
        #expect(Set(CloseReason.names) == (try schemaEnum("payloads/CaseClosed.schema.json", ["properties", "reason"])))
    }

    @Test("terms sort as their text does, so reports list them in the same order as before")
    func terms_sortAsText() {
        #expect(TargetGroup.allCases.sorted().map(\.rawValue) == TargetGroup.allCases.map(\.rawValue).sorted())
        #expect(CloseReason.allCases.sorted().map(\.rawValue) == ["completed", "placed", "transferred", "withdrawn"])
        #expect("\(PlacementContract.fixedTerm)" == "fixed-term")
    }

    @Test("both readers turn the words into terms: contract, tariffs and eligible contracts")
    func decoding_givesTerms() throws {
        let placement = #"{"id":"3f0e8c1a-5b7d-4c2e-9a61-0d4b2f1e7c3a","type":"PlacementConfirmed","recordedBy":"op","data":{"caseId":"C-1","employer":"E","contract":"fixed-term","months":6,"startOn":"2023-03-01","confirmedOn":"2023-03-02","evidence":"U-1"}}"#
        let signed = #"{"id":"3f0e8c1a-5b7d-4c2e-9a61-0d4b2f1e7c3b","type":"ProtocolSigned","recordedBy":"op","data":{"protocolId":"P","title":"T","kind":"service-contract","parties":["A","B"],"signedOn":"2023-01-01","validFrom":"2023-01-01","outcomePayment":{"operator":"O","tariffs":{"disability":100,"other":5},"eligibleContracts":["apprenticeship","permanent"]}}}"#
        var reader = RecordReader()
        for line in [placement, signed] {
            let bytes = Array(line.utf8)
            let reference = EventCorpus.referenceVerdict(bytes)
            let tape = EventCorpus.tapeVerdict(bytes, reader: &reader)
            #expect(reference.violations.isEmpty && tape.violations.isEmpty, "\(reference.violations) \(tape.violations)")
            for payload in [reference.event?.payload, tape.event?.payload] {
                switch payload {
                case .placementConfirmed(let p)?:
                    #expect(p.contract == .fixedTerm && p.months == 6)
                case .protocolSigned(let p)?:
                    #expect(p.kind == .serviceContract)
                    #expect(p.outcomePayment?.tariffs == [.disability: 100, .other: 5])
                    #expect(p.outcomePayment?.eligibleContracts == [.apprenticeship, .permanent])
                default:
                    Issue.record("not decoded: \(String(describing: payload))")
                }
            }
        }
    }

    @Test("a word outside the vocabulary is refused with the list, on both paths")
    func decoding_refusesOtherWords() {
        let line = #"{"id":"3f0e8c1a-5b7d-4c2e-9a61-0d4b2f1e7c3a","type":"CaseClosed","recordedBy":"op","data":{"caseId":"C-1","reason":"bored","closedOn":"2023-03-02"}}"#
        var reader = RecordReader()
        for verdict in [EventCorpus.referenceVerdict(Array(line.utf8)), EventCorpus.tapeVerdict(Array(line.utf8), reader: &reader)] {
            #expect(verdict.event == nil)
            #expect(verdict.violations.map(\.message) == [#""reason" must be one of completed, placed, transferred, withdrawn."#])
        }
    }
}
