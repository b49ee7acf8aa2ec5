import AlboDomain
import AlboTestSupport
import Foundation
import Testing

@Suite("Tools/report_check.py recomputes figures.json from `albo show`")
struct IndependentCheckTests {
    @Test("Sesto San Giovanni 2019-H1: every figure agrees with an independent Python replay, and a changed figure is caught")
    func sesto_independentRecomputation() throws {
        let (store, _) = try Seeds.store([Seeds.sesto])
        let tmp = try TempDirectory()
        let out = tmp.path + "/report"
        let written = try Subprocess.albo(["report", "semester", "--store", store.path, "--semester", "2019-H1",
                                           "--protocol", Seeds.sestoProtocol, "--protocol", Seeds.sestoDisability, "--out", out])
        #expect(written.code == 0, "\(written.stderr)")
        let check = try Subprocess.python([Paths.tool("report_check.py"), Paths.albo, store.path, out])
        #expect(check.code == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stderr.contains("figures checked against 469 records: 0 problem(s)"), "\(check.stderr)")

        // One figure off by one must be reported.
        let path = out + "/figures.json"
        var text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        let needle = #""dimension":"","measure":"payments.eligible","semester":"2019-H1","value":"#
        let range = try #require(text.range(of: needle))
        let digits = text[range.upperBound...].prefix { $0.isNumber }
        let value = try #require(Int(digits))
        text.replaceSubrange(range.upperBound..<text.index(range.upperBound, offsetBy: digits.count), with: String(value + 1))
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let caught = try Subprocess.python([Paths.tool("report_check.py"), Paths.albo, store.path, out])
        #expect(caught.code == 1 && caught.stdout.contains("payments.eligible"), "\(caught.stdout)")
    }
}
