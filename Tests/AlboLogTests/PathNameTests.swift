import AlboLog
import Testing

@Suite("PathName: a path's directory and last component")
struct PathNameTests {
    @Test("parent and last component of short, nested, rooted and slash-ended paths")
    func splits() {
        let cases: [(path: String, parent: String, last: String)] = [
            ("a", ".", "a"), ("ab", ".", "ab"), ("a/", ".", "a"), ("./a", ".", "a"),
            ("x/a", "x", "a"), ("x//a", "x", "a"), ("/a", "/", "a"), ("/", "/", "/"),
            ("/tmp/x/store/", "/tmp/x", "store"), ("../b", "..", "b"),
        ]
        for c in cases {
            let name = PathName(c.path)
            #expect(name.parent == c.parent, "parent of \(c.path)")
            #expect(name.lastComponent == c.last, "last component of \(c.path)")
        }
    }
}
