import AlboTestSupport
import AlboDomain
import AlboEvidence
@_spi(Writing) import AlboLog
import Foundation
import Testing

/// The Sesto San Giovanni seed (the outcome-paid tender, 2018–2020): every semester's claim must
/// match the figures the seed generator states independently, and pass both verifiers.
@Suite struct SestoSeedTests {
    private static let seedFile = "003-sesto-san-giovanni.ndjson"

    @Test func everySemestersClaimMatchesTheSeedFigures_andVerifiesBothWays() throws {
        let dir = try TempDirectory()
        let generated = try Subprocess.python([Paths.tool("generate.py"), "seeds", "--out", dir.path + "/seeds"])
        try #require(generated.code == 0, "\(generated.stderr)")
        let store = try TempStore(origin: sestoOrigin)
        _ = try store.ledger.writer().append(BatchInput(path: dir.path + "/seeds/" + Self.seedFile))

        let figures = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: dir.path + "/seeds/figures.json"))))
        let claims = try #require(figures.objectValue?[Self.seedFile]?.objectValue?["claims"]?.arrayValue)
        #expect(claims.count >= 6)
        for case .object(let expected) in claims {
            let pid = try #require(expected["protocolId"]?.stringValue)
            let from = try #require(expected["from"]?.stringValue)
            let to = try #require(expected["to"]?.stringValue)
            let claim = try exportBundle(store, pid, from: from, to: to).claim
            #expect(Int64(claim.payments.count) == expected["eligible"]?.integerValue, "\(from)")
            #expect(Int64(claim.rejections.count) == expected["rejected"]?.integerValue, "\(from)")
            #expect(claim.totalCents == expected["totalCents"]?.integerValue, "\(from)")
            var byReason: [String: JSONValue] = [:]
            for r in claim.rejections { byReason[r.reason.rawValue] = .integer((byReason[r.reason.rawValue]?.integerValue ?? 0) + 1) }
            if let reasons = expected["rejectedByReason"] { #expect(JSONValue.object(byReason) == reasons, "\(from)") }
        }

        let bundle = try exportBundle(store, "sesto-sg-servizi-lavoro-2018", from: "2020-07-01", to: "2020-12-31")
        let out = dir.path + "/bundle"
        try bundle.write(to: out)
        let vkey = try dir.file("sesto.vkey", TestKeys.pair.verifierKey + "\n")
        let swift = try albo(["verify-bundle", out, "--vkey", vkey])
        #expect(swift.code == 0, "\(swift.stderr)")
        let python = try pythonVerifier(out, vkey)
        #expect(python.code == 0, "\(python.stderr)")
        #expect(python.stdout.contains("bundle OK: \(bundle.eventCount) events, \(bundle.claim.payments.count) eligible"))
    }
}
