import AlboTestSupport
import AlboDomain
import Crypto
import Foundation
import Testing

/// Claims and payments as events, through the real binary on the Sesto San Giovanni seed:
/// filed, paid, exported, verified by both verifiers, and the same after an erasure and a
/// later correction; hand-appended claims must equal the computation; a placement is in one
/// live claim only; a claim's bundle proves its cases complete up to the claim.
@Suite struct ClaimTests {
    static let pid = "sesto-sg-servizi-lavoro-2018"

    /// A store holding the Sesto seed, a signing key, and the directory they live in.
    final class Sesto {
        let dir: TempDirectory
        let store: String
        let key: String
        let vkey: String

        init() throws {
            dir = try TempDirectory()
            let generated = try Subprocess.python([Paths.tool("generate.py"), "seeds", "--out", dir.path + "/seeds"])
            try #require(generated.code == 0, "\(generated.stderr)")
            store = dir.path + "/store"
            key = dir.path + "/claims.key"
            vkey = key + ".pub"
            try #require(try run(["init", "--origin", "test.example/claims"]).code == 0)
            let appended = try run(["append", dir.path + "/seeds/003-sesto-san-giovanni.ndjson"])
            try #require(appended.code == 0, "\(appended.stderr)")
            try #require(try Subprocess.albo(["keygen", "--name", "test.example/claims", "--out", key]).code == 0)
        }

        @discardableResult
        func run(_ args: [String], stdin: String? = nil) throws -> Subprocess.Result {
            try Subprocess.albo(args + ["--store", store], stdin: stdin)
        }

        func json(_ args: [String]) throws -> [String: JSONValue] {
            let r = try run(args + ["--json"])
            try #require(r.code == 0, "albo \(args): \(r.stderr)")
            return try #require(try JSONParser.parse(Array(r.stdout.utf8)).objectValue)
        }

        func treeSize() throws -> Int64 {
            try #require(try json(["verify"])["treeSize"]?.integerValue)
        }

        /// Exports the claim's bundle to a new directory; both verifiers must accept it.
        func exportVerified(_ claimId: String, _ name: String) throws -> String {
            let out = dir.path + "/" + name
            let export = try Subprocess.albo(["export", "payments", "--claim", claimId, "--out", out, "--key", key, "--store", store])
            try #require(export.code == 0, "\(export.stderr)")
            let swift = try Subprocess.albo(["verify-bundle", out, "--vkey", vkey])
            #expect(swift.code == 0, "verify-bundle \(name): \(swift.stderr)")
            let python = try pythonVerifier(out, vkey)
            #expect(python.code == 0, "verify_bundle.py \(name): \(python.stderr)")
            return out
        }
    }

    /// `summary.json` without the tree head, which grows with the log.
    static func totals(_ bundle: String) throws -> [String: JSONValue] {
        var o = try #require(try JSONParser.parse(Array(Data(contentsOf: URL(fileURLWithPath: bundle + "/summary.json")))).objectValue)
        o["treeSize"] = nil
        o["rootHash"] = nil
        return o
    }

    static func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// Today in UTC, as albo dates a claim.
    static func today() -> String { String(ISO8601DateFormatter().string(from: Date()).prefix(10)) }

    @Test func filedAndPaidClaim_exportsTheSameTotalsAfterAnErasureAndALaterVoid() throws {
        let s = try Sesto()
        let filed = try s.json(["claim", "--protocol", Self.pid, "--from", "2019-01-01", "--to", "2019-06-30"])
        let claimId = try #require(filed["claimId"]?.stringValue)
        let lines = try #require(filed["lines"]?.arrayValue)
        #expect(lines.count == 12)
        #expect(filed["totalCents"]?.integerValue == 2_150_000)
        let paid = try s.run(["claim", "pay", claimId, "--paid-on", Self.today(), "--amount", "2150000"])
        #expect(paid.code == 0, "\(paid.stderr)")
        let before = try s.exportVerified(claimId, "before")
        let expected = try Self.totals(before)
        #expect(expected["claimId"]?.stringValue == claimId)
        #expect(expected["eligible"]?.integerValue == 12 && expected["totalCents"]?.integerValue == 2_150_000)
        #expect(try Self.text(before + "/events.ndjson").contains(#""type":"ClaimPaid""#))

        // Erase the person of the first claimed placement (with the retention override where it exists).
        let person = try Self.text(before + "/payments.csv").split(separator: "\r\n")[1].split(separator: ",")[3]
        // Retention runs from the claim's payment: erasure is refused without the override.
        let erase = ["erase", "--person", String(person), "--reason", "richiesta dell'interessato"]
        let plan = try s.json(erase + ["--dry-run"])
        #expect(plan["erased"]?.arrayValue?.first?.objectValue?["lastPaidOn"]?.stringValue == Self.today(), "\(plan)")
        #expect(try s.run(erase).code == 65)
        let erased = try s.run(erase + ["--override-retention"])
        try #require(erased.code == 0, "\(erased.stderr)")
        let afterErasure = try s.exportVerified(claimId, "after-erasure")
        #expect(try Self.totals(afterErasure) == expected)
        #expect(try Self.text(afterErasure + "/events.ndjson").contains(#""type":"SubjectErased""#))
        #expect(try Self.text(afterErasure + "/payments.csv").split(separator: "\r\n").map { $0.split(separator: ",").last }
                == Self.text(before + "/payments.csv").split(separator: "\r\n").map { $0.split(separator: ",").last })

        // A later correction: another claimed placement is voided after the claim.
        let second = try #require(lines[1].objectValue?["placementEventId"]?.stringValue)
        let void = #"{"id":"00000000-0000-4000-8000-00000000c1a1","type":"EventVoided","recordedBy":"op","data":{"eventId":"\#(second)","reason":"rettifica"}}"#
        let voided = try s.run(["append", "-"], stdin: void + "\n")
        try #require(voided.code == 0, "\(voided.stderr)")
        let afterVoid = try s.exportVerified(claimId, "after-void")
        #expect(try Self.totals(afterVoid) == expected)

        // The semester report counts the claim as filed (the rules alone now pay neither the
        // erased person's placement nor the voided one), and the independent check agrees.
        let report = s.dir.path + "/report"
        let written = try s.run(["report", "semester", "--semester", "2019-H1", "--protocol", Self.pid, "--out", report, "--exact"])
        try #require(written.code == 0, "\(written.stderr)")
        let figures = try #require(try JSONParser.parse(Array(Data(contentsOf: URL(fileURLWithPath: report + "/figures.json")))).objectValue?["figures"]?.arrayValue)
        func figure(_ measure: String) -> Int64? {
            figures.compactMap(\.objectValue).first {
                $0["measure"]?.stringValue == measure && $0["semester"]?.stringValue == "2019-H1" && $0["dimension"]?.stringValue == "protocol=" + Self.pid
            }?["value"]?.integerValue
        }
        #expect(figure("payments.eligible") == 12)
        #expect(figure("payments.totalCents") == 2_150_000)
        let check = try Subprocess.python([Paths.tool("report_check.py"), Paths.albo, s.store, report])
        #expect(check.code == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test func handAppendedClaim_mustEqualTheComputation() throws {
        let s = try Sesto()
        let dry = try s.json(["claim", "--protocol", Self.pid, "--from", "2019-01-01", "--to", "2019-06-30", "--dry-run"])
        let lines = try #require(dry["lines"]?.arrayValue)
        let size = try s.treeSize()
        func claimLine(_ lines: [JSONValue], id: String) -> String {
            let data: JSONValue = .object([
                "claimId": .string("hand-2019-h1"), "protocolId": .string(Self.pid), "from": .string("2019-01-01"),
                "to": .string("2019-06-30"), "filedOn": .string("2019-07-10"), "operator": .string("Orizzonte Lavoro Srl"),
                "lines": .array(lines),
            ])
            return String(decoding: CanonicalJSON.encode(.object(["id": .string(id), "type": .string("ClaimFiled"),
                                                                   "recordedBy": .string("op"), "data": data])), as: UTF8.self) + "\n"
        }
        // One amount changed: refused, nothing written.
        var changed = try #require(lines[0].objectValue)
        changed["amountCents"] = .integer((changed["amountCents"]?.integerValue ?? 0) + 50_000)
        var altered = lines
        altered[0] = .object(changed)
        let refused = try s.run(["append", "-"], stdin: claimLine(altered, id: "00000000-0000-4000-8000-00000000c1a2"))
        #expect(refused.code == 65, "\(refused.stderr)")
        #expect(refused.stderr.contains("claim.mismatch"))
        // One eligible placement left out: refused too.
        let short = try s.run(["append", "-"], stdin: claimLine(Array(lines.dropLast()), id: "00000000-0000-4000-8000-00000000c1a3"))
        #expect(short.code == 65 && short.stderr.contains("missing"), "\(short.stderr)")
        #expect(try s.treeSize() == size)
        // The computation itself, appended by hand, is accepted.
        let accepted = try s.run(["append", "-"], stdin: claimLine(lines, id: "00000000-0000-4000-8000-00000000c1a4"))
        #expect(accepted.code == 0, "\(accepted.stderr)")
        #expect(try s.treeSize() == size + 1)
    }

    @Test func aPlacementIsInOneLiveClaimOnly() throws {
        let s = try Sesto()
        let whole = try s.json(["claim", "--protocol", Self.pid, "--from", "2019-01-01", "--to", "2019-03-31", "--dry-run"])
        let firstQuarter = try #require(whole["lines"]?.arrayValue)
        try #require(!firstQuarter.isEmpty)
        _ = try s.json(["claim", "--protocol", Self.pid, "--from", "2019-01-01", "--to", "2019-06-30", "--claim-id", "h1"])
        // The first quarter's placements are in claim h1: filing them again is refused...
        let data: JSONValue = .object([
            "claimId": .string("q1"), "protocolId": .string(Self.pid), "from": .string("2019-01-01"), "to": .string("2019-03-31"),
            "filedOn": .string("2019-04-10"), "operator": .string("Orizzonte Lavoro Srl"), "lines": .array(firstQuarter),
        ])
        let line = String(decoding: CanonicalJSON.encode(.object(["id": .string("00000000-0000-4000-8000-00000000c1b1"),
                                                                  "type": .string("ClaimFiled"), "recordedBy": .string("op"), "data": data])), as: UTF8.self)
        let twice = try s.run(["append", "-"], stdin: line + "\n")
        #expect(twice.code == 65, "\(twice.stderr)")
        #expect(twice.stderr.contains("already paid or claimed"), "\(twice.stderr)")
        // ...and `albo claim` finds nothing left to claim in that period.
        let again = try s.run(["claim", "--protocol", Self.pid, "--from", "2019-01-01", "--to", "2019-03-31"])
        #expect(again.code == 65, "\(again.stderr)")
    }

    // MARK: - Bundles with an event removed

    /// Removes the events `drop` selects (and their proofs) from a copy of `bundle`, and
    /// rewrites the manifest so that only the claim checks can tell.
    static func tampered(_ bundle: String, _ name: String, drop: ([String: JSONValue]) -> Bool) throws -> String {
        let out = (bundle as NSString).deletingLastPathComponent + "/" + name
        try FileManager.default.copyItem(atPath: bundle, toPath: out)
        let events = try text(out + "/events.ndjson").split(separator: "\n")
        let proofs = try text(out + "/proofs.ndjson").split(separator: "\n")
        var keptEvents: [Substring] = [], keptProofs: [Substring] = []
        var dropped = 0
        for (e, p) in zip(events, proofs) {
            let record = try #require(try JSONParser.parse(Array(e.utf8)).objectValue)
            if drop(record) { dropped += 1 } else { keptEvents.append(e); keptProofs.append(p) }
        }
        try #require(dropped > 0, "nothing dropped in \(name)")
        try (keptEvents.joined(separator: "\n") + "\n").write(toFile: out + "/events.ndjson", atomically: true, encoding: .utf8)
        try (keptProofs.joined(separator: "\n") + "\n").write(toFile: out + "/proofs.ndjson", atomically: true, encoding: .utf8)
        // The keys of subjects no longer named go too, as a careful forger would do.
        let remaining = keptEvents.joined(separator: "\n")
        var keys = try #require(try JSONParser.parse(Array(Data(contentsOf: URL(fileURLWithPath: out + "/subjects.json")))).objectValue)
        for subject in keys.keys where !remaining.contains("sealed:v1:\(subject):") { keys[subject] = nil }
        try Data(CanonicalJSON.encode(.object(keys)) + [0x0A]).write(to: URL(fileURLWithPath: out + "/subjects.json"))
        var manifest = try #require(try JSONParser.parse(Array(Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json")))).objectValue)
        for file in ["events.ndjson", "proofs.ndjson", "subjects.json"] {
            let digest = SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: out + "/" + file)))
            manifest[file] = .string(digest.map { String(format: "%02x", $0) }.joined())
        }
        try Data(CanonicalJSON.encode(.object(manifest)) + [0x0A]).write(to: URL(fileURLWithPath: out + "/manifest.json"))
        return out
    }

    @Test func eachVerifierRejectsAClaimBundleWithAVoidAClosureOrACaseDropped() throws {
        let s = try Sesto()
        // A case whose claimed placement follows a voided one: its void is inside the claimed stream.
        let voidedPlacement = "00000000-0000-4000-8000-00000000c2c3"
        let extra = [
            #"{"id":"00000000-0000-4000-8000-00000000c2c1","type":"CaseOpened","recordedBy":"op","data":{"caseId":"SSG-TEST-1","person":"P-TEST01","protocolId":"\#(Self.pid)","desk":"Sesto Centro","targetGroup":"unemployed-over-45","openedOn":"2019-01-10"}}"#,
            #"{"id":"00000000-0000-4000-8000-00000000c2c2","type":"PlacementConfirmed","recordedBy":"op","data":{"caseId":"SSG-TEST-1","employer":"Ditta Verdi","contract":"permanent","startOn":"2019-03-01","confirmedOn":"2019-03-01","evidence":"UNILAV-T1"}}"#,
            #"{"id":"\#(voidedPlacement)","type":"PlacementConfirmed","recordedBy":"op","data":{"caseId":"SSG-TEST-1","employer":"Ditta Bianchi","contract":"permanent","startOn":"2019-02-01","confirmedOn":"2019-02-01","evidence":"UNILAV-T0"}}"#,
            #"{"id":"00000000-0000-4000-8000-00000000c2c4","type":"EventVoided","recordedBy":"op","data":{"eventId":"\#(voidedPlacement)","reason":"comunicazione errata"}}"#,
        ]
        let added = try s.run(["append", "-"], stdin: extra.joined(separator: "\n") + "\n")
        try #require(added.code == 0, "\(added.stderr)")
        let filed = try s.json(["claim", "--protocol", Self.pid, "--from", "2019-01-01", "--to", "2019-06-30"])
        let claimId = try #require(filed["claimId"]?.stringValue)
        let claimedCase = try #require(filed["lines"]?.arrayValue?.first?.objectValue?["caseId"]?.stringValue)
        let bundle = try s.exportVerified(claimId, "bundle")
        func type(_ r: [String: JSONValue]) -> String? { r["type"]?.stringValue }
        let cases: [(String, String, ([String: JSONValue]) -> Bool)] = [
            ("no-void", "an event of the stream is missing",
             { type($0) == "EventVoided" && $0["stream"]?.stringValue == "case:SSG-TEST-1" }),
            ("no-closure", "an event of the stream is missing",
             { type($0) == "CaseClosed" && $0["stream"]?.stringValue == "case:" + claimedCase }),
            ("no-case", "whose stream is not in the bundle", { $0["stream"]?.stringValue == "case:" + claimedCase }),
        ]
        for (name, message, drop) in cases {
            let out = try Self.tampered(bundle, name, drop: drop)
            let swift = try Subprocess.albo(["verify-bundle", out, "--vkey", s.vkey])
            #expect(swift.code == 2, "verify-bundle accepted \(name)")
            #expect(swift.stderr.contains(message), "verify-bundle \(name): \(swift.stderr)")
            let python = try pythonVerifier(out, s.vkey)
            #expect(python.code == 2, "verify_bundle.py accepted \(name)")
            #expect(python.stderr.contains(message), "verify_bundle.py \(name): \(python.stderr)")
        }
    }
}
