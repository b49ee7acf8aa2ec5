import AlboDomain
import AlboTestSupport
import Foundation
import Testing

/// Schemas/ and the Swift validation must agree: every example is run through both
/// Albo's stateless validation and Python's `jsonschema` (Draft 2020-12, formats asserted).
@Suite("JSON Schemas and Swift validation agree")
struct SchemaAgreementTests {

    /// Albo's verdict on one example file: true when the event passes every stateless rule.
    private func swiftAccepts(_ path: String) throws -> (Bool, [Violation]) {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let sink = ViolationSink(line: 1)
        guard let value = try? JSONParser.parse(bytes) else { return (false, []) }
        return (EventDecoder.decode(value, sink: sink) != nil, sink.items)
    }

    private func pythonVerdicts() throws -> [String: Bool] {
        let run = try Subprocess.python([Paths.tool("schema_check.py"), "--json"])
        guard run.code == 0, let verdicts = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Bool] else {
            Issue.record("python3 Tools/schema_check.py --json failed (exit \(run.code)); run Tools/install-deps.sh for jsonschema: \(run.stderr)")
            return [:]
        }
        return verdicts
    }

    @Test("valid examples pass both, invalid ones fail both, semantic ones pass the schema and fail Albo")
    func examples_agree() throws {
        let python = try pythonVerdicts()
        let examples = Paths.packageRoot.appendingPathComponent("Schemas/examples")
        var checked = 0
        for folder in ["valid", "invalid", "semantic"] {
            let dir = examples.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".json") {
                let key = "\(folder)/\(name)"
                let (accepted, violations) = try swiftAccepts(dir.appendingPathComponent(name).path)
                guard let schemaAccepts = python[key] else {
                    Issue.record("schema_check.py gave no verdict on \(key)")
                    continue
                }
                switch folder {
                case "valid":
                    #expect(accepted, "Albo rejects \(key): \(violations)")
                    #expect(schemaAccepts, "the schema rejects \(key)")
                case "invalid":
                    #expect(!accepted, "Albo accepts \(key), which the schema rejects")
                    #expect(!schemaAccepts, "the schema accepts \(key)")
                default:
                    #expect(!accepted, "Albo accepts the cross-field violation \(key)")
                    #expect(schemaAccepts, "the schema was expected to accept \(key) (cross-field rules are Albo's alone)")
                }
                checked += 1
            }
        }
        #expect(checked == python.count && checked >= 100)
    }

    @Test("a tax code anywhere in person is refused, in either case and with omocodia letters")
    func person_taxCode() {
        #expect(Identifier.containsTaxCode("RSSMRA80A01H501U"))
        #expect(Identifier.containsTaxCode("P-rssmra80a01h501u-x"))
        #expect(Identifier.containsTaxCode("RSSMRA8LA01H5M1U"))
        #expect(!Identifier.containsTaxCode("P-7F3A21"))
        #expect(!Identifier.containsTaxCode("RSSMRA80Z01H501U"))
    }
}
