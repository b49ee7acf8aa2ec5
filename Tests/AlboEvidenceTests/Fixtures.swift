import AlboDomain
import AlboEvidence
import AlboLog
import Foundation
import Transparency

// Copied from Tests/AlboLogTests/Fixtures.swift (test targets cannot share files), plus
// what the evidence tests need: an outcome-paid protocol, keys, bundles on disk, and the
// two verifiers run as an auditor would run them.

/// A fresh store in a temporary directory, removed when the test ends.
final class TempStore {
    let path: String
    let ledger: Ledger

    init(origin: String = "test.example/sesto") throws {
        path = NSTemporaryDirectory() + "albo-evidence-test-" + UUID().uuidString
        ledger = try Ledger(path: path, create: true, origin: origin)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Appends NDJSON lines as one batch.
    @discardableResult
    func append(_ lines: [String]) throws -> AppendSummary {
        try ledger.append(BatchInput(bytes: Array(lines.joined(separator: "\n").utf8)))
    }
}

/// A temporary directory, removed when the test ends.
final class TempDirectory {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "albo-evidence-dir-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }
}

/// Builds event lines; every event gets a fresh deterministic id unless one is given.
struct EventFactory {
    private var counter: UInt64 = 0

    mutating func nextId() -> String {
        counter += 1
        let hex = String(counter, radix: 16)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - hex.count) + hex
    }

    mutating func line(_ type: String, _ data: [String: JSONValue], id: String? = nil) -> String {
        let o: [String: JSONValue] = ["id": .string(id ?? nextId()), "type": .string(type), "recordedBy": .string("op-test-01"), "data": .object(data)]
        return String(decoding: CanonicalJSON.encode(.object(o)), as: UTF8.self)
    }

    /// The outcome-paid service contract of the tests: 2022–2024, permanent or fixed-term ≥ 6 months,
    /// €1,500 for unemployed-over-45, €2,000 for disability, no tariff for other groups.
    mutating func paidProtocol(_ pid: String = "sesto-2022", payment: Bool = true) -> String {
        var d: [String: JSONValue] = [
            "protocolId": .string(pid), "title": .string("Servizio a risultato \(pid)"), "kind": .string("service-contract"),
            "parties": .array([.string("Comune di Sesto San Giovanni"), .string("Operatore, accreditato")]),
            "signedOn": .string("2021-12-20"), "validFrom": .string("2022-01-01"), "validTo": .string("2024-12-31"),
        ]
        if payment {
            d["outcomePayment"] = .object([
                "operator": .string("Operatore, accreditato"),
                "tariffs": .object(["unemployed-over-45": .integer(150_000), "disability": .integer(200_000)]),
                "eligibleContracts": .array([.string("permanent"), .string("fixed-term")]),
                "minFixedTermMonths": .integer(6),
            ])
        }
        return line("ProtocolSigned", d)
    }

    mutating func caseOpened(_ cid: String, protocolId: String = "sesto-2022", group: String = "unemployed-over-45",
                             on date: String = "2022-02-01", id: String? = nil) -> String {
        line("CaseOpened", ["caseId": .string(cid), "person": .string("P-" + cid), "protocolId": .string(protocolId),
                            "desk": .string("Sesto Centro"), "targetGroup": .string(group), "openedOn": .string(date)], id: id)
    }

    mutating func placement(_ cid: String, contract: String = "permanent", months: Int64? = nil, start: String? = nil,
                            confirmed: String, employer: String = "Ceramiche \"Rossi\", Srl", id: String? = nil) -> String {
        var d: [String: JSONValue] = ["caseId": .string(cid), "employer": .string(employer), "contract": .string(contract),
                                      "startOn": .string(start ?? confirmed), "confirmedOn": .string(confirmed),
                                      "evidence": .string("UNILAV-\(cid)-\(confirmed)")]
        if let months { d["months"] = .integer(months) }
        return line("PlacementConfirmed", d, id: id)
    }

    mutating func voided(_ eventId: String) -> String {
        line("EventVoided", ["eventId": .string(eventId), "reason": .string("recorded by mistake")])
    }
}

/// A signer made once per test run.
enum TestKeys {
    static let pair: (signerKey: String, verifierKey: String) = {
        (try? NoteSigner.generate(name: "test.example-sesto")) ?? ("", "")
    }()
    static var signer: NoteSigner { get throws { try NoteSigner(keyText: pair.signerKey) } }
    static var verifier: NoteVerifier { get throws { try NoteVerifier(keyText: pair.verifierKey) } }
}

/// A fixture that cannot be built: a bug in the test itself.
struct FixtureError: Error { var message: String }

/// A date literal for tests.
func date(_ text: String) throws -> CivilDate {
    guard let d = CivilDate(text) else { throw FixtureError(message: "not a date: \(text)") }
    return d
}

/// Exports the claim of `pid` over [from, to] from `store`.
func exportBundle(_ store: TempStore, _ pid: String = "sesto-2022", from: String, to: String,
                  asOf: AsOf? = nil) throws -> PaymentExporter.Bundle {
    try PaymentExporter.bundle(ledger: store.ledger, protocolId: pid, from: date(from), to: date(to), asOf: asOf, signer: TestKeys.signer)
}

/// The claim's rejected placements as (seq, reason), and paid ones as (seq, cents).
func outcome(_ claim: PaymentClaim) -> (paid: [UInt64: Int64], rejected: [UInt64: RejectionReason]) {
    var paid: [UInt64: Int64] = [:]
    var rejected: [UInt64: RejectionReason] = [:]
    for p in claim.payments { paid[p.claimed.seq] = p.amountCents }
    for r in claim.rejections { rejected[r.claimed.seq] = r.reason }
    return (paid, rejected)
}

// MARK: - Running the real tools

/// What a child process did.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `executable` with `arguments`, waiting for it to end.
func runProcess(_ executable: String, _ arguments: [String]) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read before waiting, so a chatty child cannot fill the pipe and block.
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self))
}

/// The `albo` binary SwiftPM built beside this test bundle.
var alboBinary: String {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("albo").path
}

/// Runs `albo` with `arguments`.
func albo(_ arguments: [String]) throws -> ProcessResult {
    try runProcess(alboBinary, arguments)
}

/// Runs the auditor's Python verifier on a bundle; a missing Python or package makes it fail, never skip.
func pythonVerifier(_ bundle: String, _ vkeyFile: String) throws -> ProcessResult {
    let tools = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tools/verify_bundle.py").path
    return try runProcess("/usr/bin/env", ["python3", tools, bundle, vkeyFile])
}
