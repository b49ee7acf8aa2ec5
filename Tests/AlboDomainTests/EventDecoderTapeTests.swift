import Testing
@testable import AlboDomain

/// The tape decoder against the dictionary decoder: the same event (payload and stored bytes)
/// or the same violations — paths, rules, messages, order — and the same event id for them.
@Suite("EventDecoder over the tape")
struct EventDecoderTapeTests {
    @Test func schemaExamples_sameVerdicts() throws {
        var reader = RecordReader()
        let examples = try EventCorpus.examples()
        #expect(examples.count >= 100)
        var accepted = 0
        for bytes in examples {
            let expected = EventCorpus.referenceVerdict(bytes)
            let got = EventCorpus.tapeVerdict(bytes, reader: &reader)
            #expect(got == expected, "\(String(decoding: bytes, as: UTF8.self))\nreference: \(expected)\ntape:      \(got)")
            if expected.event != nil { accepted += 1 }
        }
        #expect(accepted >= 30)
    }

    @Test func mutatedEvents_sameVerdicts() throws {
        var reader = RecordReader()
        var mutator = EventMutator(seed: 0xE7E7)
        var bytesMutator = JSONMutator(rng: SplitMix64(state: 0xB17E))
        let examples = try EventCorpus.examples()
        var failures = 0
        var accepted = 0
        var rules: Set<String> = []
        let rounds = 6_000
        for round in 0..<rounds where failures < 5 {
            var bytes = mutator.mutate(examples[round % examples.count])
            if round % 5 == 0 { bytes = bytesMutator.mutate(bytes) }
            let expected = EventCorpus.referenceVerdict(bytes)
            let got = EventCorpus.tapeVerdict(bytes, reader: &reader)
            if got != expected {
                failures += 1
                Issue.record("mutation \(round): \(String(decoding: bytes, as: UTF8.self))\nreference: \(expected)\ntape:      \(got)")
            }
            if expected.event != nil { accepted += 1 }
            rules.formUnion(expected.violations.map(\.rule))
        }
        // The mutations must reach both outcomes and most rules, or agreement proves little.
        #expect(accepted > rounds / 20, "\(accepted) of \(rounds) mutated events were accepted")
        for rule in ["json", "required", "null", "type", "length", "control-character", "identifier", "uuid", "date",
                     "range", "integer", "enum", "distinct", "unknown-field", "months.required", "person.tax-code"] {
            #expect(rules.contains(rule), "no mutation broke the rule \(rule)")
        }
    }

    @Test func eventVoided_storesTheNormalisedEventId() throws {
        let line = #"{"id":"00000000-0000-4000-8000-000000000009","type":"EventVoided","recordedBy":"op","data":{"reason":"typo","\u0065ventId":"3F0E8C1A-5B7D-4C2E-9A61-0D4B2F1E7C3A"}}"#
        var reader = RecordReader()
        let verdict = EventCorpus.tapeVerdict(Array(line.utf8), reader: &reader)
        let event = try #require(verdict.event)
        #expect(String(decoding: event.dataBytes, as: UTF8.self) == #"{"eventId":"3f0e8c1a-5b7d-4c2e-9a61-0d4b2f1e7c3a","reason":"typo"}"#)
        #expect(verdict == EventCorpus.referenceVerdict(Array(line.utf8)))
    }
}
