import AlboDomain
import Testing

@Suite("Finding bytes in stored bytes")
struct ByteSearchTests {
    /// The plain definition the fast search must agree with.
    private func naive(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }

    @Test("agrees with a plain search: at the start, the end, the middle, after false starts, not at all, longer than the row")
    func contains_agreesWithAPlainSearch() {
        let needle = Array("s-aab".utf8)
        let cases: [[UInt8]] = [
            Array("s-aab...".utf8), Array("...s-aab".utf8), Array("..s-aas-aab..".utf8), Array("s-aa".utf8),
            Array("s-aa.s-a.s-".utf8), Array("".utf8), Array("s-aab".utf8), Array("xs-aa".utf8), Array("s-aaB".utf8),
        ]
        for hay in cases {
            let fast = hay.withUnsafeBytes { ByteSearch.contains($0, needle) }
            #expect(fast == naive(hay, needle), "\(String(decoding: hay, as: UTF8.self))")
        }
        #expect(Array("..s-aas-aab..".utf8).withUnsafeBytes { ByteSearch.offset(of: needle, in: $0) } == 6)
        #expect(Array("abc".utf8).withUnsafeBytes { ByteSearch.offset(of: [], in: $0) } == nil)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let hay = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...2, using: &generator) }
            let small = (0..<Int.random(in: 1...4, using: &generator)).map { _ in UInt8.random(in: 0...2, using: &generator) }
            let at = hay.withUnsafeBytes { ByteSearch.offset(of: small, in: $0) }
            #expect((at != nil) == naive(hay, small), "\(hay) \(small)")
            if let at { #expect(Array(hay[at..<(at + small.count)]) == small && !naive(Array(hay[..<(at + small.count - 1)]), small)) }
        }
    }
}
