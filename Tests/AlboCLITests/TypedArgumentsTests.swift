import AlboTestSupport
import Foundation
import Testing

/// Dates and `--as-of` are parsed at the edge: a bad value is a usage error (64) before
/// any store is opened, with a message that names the option and the form it wants.
@Suite("Typed options: bad dates and as-of points are usage errors")
struct TypedArgumentsTests {
    @Test("a bad date or as-of exits 64 even when the store does not exist: nothing is opened first")
    func badValues_areUsageErrorsBeforeAnyWork() throws {
        let w = try TempDirectory()
        let key = try w.file("key", "not a key")
        let store = ["--store", w.store]
        let cases: [(args: [String], option: String, form: String)] = [
            (["query", "outcomes", "--protocol", "p", "--from", "2023-02-30", "--to", "2023-12-31"], "--from", "YYYY-MM-DD"),
            (["query", "outcomes", "--protocol", "p", "--from", "2023-01-01", "--to", "31/12/2023"], "--to", "YYYY-MM-DD"),
            (["query", "desks", "--from", "yesterday"], "--from", "YYYY-MM-DD"),
            (["query", "protocols", "--active-on", "2023-13-01"], "--active-on", "YYYY-MM-DD"),
            (["query", "cases", "--as-of", "2023-10-31T24:00:00Z"], "--as-of", "UTC timestamp"),
            (["query", "case", "C-1", "--as-of", "-3"], "--as-of", "tree size"),
            (["export", "payments", "--protocol", "p", "--from", "2023-1-1", "--to", "2023-12-31", "--out", w.path + "/b", "--key", key], "--from", "YYYY-MM-DD"),
            (["export", "payments", "--protocol", "p", "--from", "2023-01-01", "--to", "2023-12-31", "--out", w.path + "/b", "--key", key,
              "--as-of", "soon"], "--as-of", "UTC timestamp"),
            (["report", "semester", "--semester", "2019-H1", "--out", w.path + "/r", "--as-of", "2019-02-29T00:00:00Z"], "--as-of", "UTC timestamp"),
        ]
        for c in cases {
            let r = try AlboBinary.run(c.args + store)
            #expect(r.code == 64, "\(c.args): exit \(r.code) \(r.stderr)")
            #expect(r.stderr.contains(c.option) && r.stderr.contains(c.form), "\(c.args): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: w.store), "a refused command created the store")
        #expect(!FileManager.default.fileExists(atPath: w.path + "/b") && !FileManager.default.fileExists(atPath: w.path + "/r"))
    }

    @Test("good dates and as-of points still reach the store (66 when it is missing)")
    func goodValues_reachTheStore() throws {
        let w = try TempDirectory()
        for args in [["query", "desks", "--from", "2024-02-29", "--to", "2024-03-01"], ["query", "cases", "--as-of", "2023-10-31T23:59:59Z"],
                     ["query", "protocols", "--active-on", "2023-01-01", "--as-of", "0"]] {
            let r = try AlboBinary.run(args + ["--store", w.store])
            #expect(r.code == 66, "\(args): exit \(r.code) \(r.stderr)")
        }
    }
}
