import AlboTestSupport
import AlboDomain
import Foundation
import Testing

@Suite("albo query, projections and rebuild through the binary")
struct CLITests {
    /// Runs the `albo` built next to this test bundle.
    static func albo(_ args: [String]) throws -> (code: Int32, out: String, err: String) {
        let r = try Subprocess.albo(args)
        return (r.code, r.stdout, r.stderr)
    }

    @Test("query case prints the contract's object; unknown cases exit 66, bad dates, filters and sizes 64")
    func cli_queriesAndExitCodes() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1"), f.closed("C-1")])
        let s = ["--store", store.path]
        let one = try Self.albo(["query", "case", "C-1", "--json"] + s)
        #expect(one.code == 0)
        let value = try JSONParser.parse(one.out.trimmingCharacters(in: .newlines))
        #expect(value.objectValue?["status"] == .string("closed") && value.objectValue?["version"] == .integer(2))
        #expect(try Self.albo(["query", "case", "C-1", "--as-of", "2", "--json"] + s).out.contains(#""status":"open""#))
        #expect(try Self.albo(["query", "case", "C-9"] + s).code == 66)
        #expect(try Self.albo(["query", "outcomes", "--protocol", "conv-1", "--from", "2023-02-30", "--to", "2023-12-31"] + s).code == 64)
        #expect(try Self.albo(["query", "outcomes", "--protocol", "nope", "--from", "2023-01-01", "--to", "2023-12-31"] + s).code == 66)
        #expect(try Self.albo(["query", "cases", "--status", "pending"] + s).code == 64)
        #expect(try Self.albo(["query", "cases", "--as-of", "99"] + s).code == 64)
        #expect(try Self.albo(["rebuild", "nope"] + s).code == 64)
    }

    @Test("projections --json lists name, version, seq and digest; rebuild keeps the digests")
    func cli_projectionsAndRebuild() throws {
        let store = try TempStore()
        var f = EventFactory()
        try store.append([f.protocolSigned("conv-1"), f.caseOpened("C-1", protocolId: "conv-1")])
        let s = ["--store", store.path]
        let before = try Self.albo(["projections", "--json"] + s)
        #expect(before.code == 0)
        let list = try JSONParser.parse(before.out.trimmingCharacters(in: .newlines)).arrayValue ?? []
        #expect(list.count == 6)
        #expect(list.allSatisfy { Set($0.objectValue?.keys.map { $0 } ?? []) == ["name", "version", "seq", "digest"] })
        #expect(list.allSatisfy { $0.objectValue?["seq"] == .integer(2) })
        let rebuilt = try Self.albo(["rebuild"] + s)
        #expect(rebuilt.code == 0 && rebuilt.out.contains("rebuilt"))
        #expect(try Self.albo(["projections", "--json"] + s).out == before.out)
    }
}
