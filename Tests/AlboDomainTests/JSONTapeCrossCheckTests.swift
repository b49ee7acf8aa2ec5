import Testing
import AlboDomain

/// The tape against the reference parser and writer on the generated corpus and on thousands
/// of damaged variants of it.
@Suite("JSONTape cross-check")
struct JSONTapeCrossCheckTests {
    /// Non-canonical renderings (shuffled members, whitespace, escapes everywhere) of the corpus.
    static func corpusLines(count: Int, seed: UInt64) -> [[UInt8]] {
        var writer = NonCanonicalWriter(rng: SplitMix64(state: seed))
        return JSONTestCorpus.events(count: count, seed: seed).map { event in
            writer.out = []
            writer.write(event)
            return writer.out
        }
    }

    @Test func corpus_sameValueAndCanonicalBytes() {
        var tape = JSONTape()
        var failures = 0
        for (number, line) in Self.corpusLines(count: 2_000, seed: 0x7A9E).enumerated() where failures < 5 {
            if let problem = TapeOracle.disagreement(line, tape: &tape) {
                failures += 1
                Issue.record("line \(number): \(problem)\n\(String(decoding: line, as: UTF8.self))")
            }
        }
    }

    @Test func mutatedCorpus_sameVerdictErrorAndBytes() {
        var tape = JSONTape()
        var mutator = JSONMutator(rng: SplitMix64(state: 0xF022))
        let lines = Self.corpusLines(count: 400, seed: 0xBAD)
        var failures = 0
        var accepted = 0
        let rounds = 20_000
        for round in 0..<rounds where failures < 5 {
            let line = mutator.mutate(lines[round % lines.count])
            if let problem = TapeOracle.disagreement(line, tape: &tape) {
                failures += 1
                Issue.record("mutation \(round): \(problem)\n\(String(decoding: line, as: UTF8.self))")
            } else if !tape.nodes.isEmpty {
                accepted += 1
            }
        }
        // Both outcomes must be well represented, or the comparison proves little.
        #expect(accepted > rounds / 20 && accepted < rounds * 19 / 20, "\(accepted) of \(rounds) mutations parsed")
    }
}
