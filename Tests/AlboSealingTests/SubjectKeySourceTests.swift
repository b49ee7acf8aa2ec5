import AlboDomain
import AlboSealing
import Testing

/// New people's references and keys come from a pool of random bytes drawn in bulk: every
/// draw must still be fresh, across refills of the pool and from several threads at once.
@Suite("Random subject keys")
struct SubjectKeySourceTests {
    @Test("1,000 new subjects (four refills of the pool), from two threads: every reference and key distinct, no key of zeros")
    func randomSubjects_areDistinct() async {
        let source = SubjectKeySource.random
        async let a = (0..<500).map { _ in source.newSubject(for: "P") }
        async let b = (0..<500).map { _ in source.newSubject(for: "P") }
        let all = await a + b
        #expect(Set(all.map(\.reference)).count == 1000)
        #expect(Set(all.map(\.key.bytes)).count == 1000)
        #expect(all.allSatisfy { $0.key.bytes.count == 32 && $0.key.bytes.contains { $0 != 0 } })
        #expect(all.allSatisfy { SubjectReference.isValid($0.reference) })
    }
}
