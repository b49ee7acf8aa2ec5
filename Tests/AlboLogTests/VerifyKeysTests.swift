import AlboDomain
import AlboSealing
import AlboTestSupport
@testable import AlboLog
import Foundation
import LMDB
import Testing

/// `verify` names every subject whose key is missing, and every key no record needs, in
/// subject order.
@Suite("Verify, keys against the log")
struct VerifyKeysTests {
    private static func caseLine(_ n: Int) -> String {
        #"{"id":"00000000-0000-4000-8000-\#(String(format: "%012d", 500 + n))","type":"CaseOpened","recordedBy":"op-1","data":{"caseId":"V-\#(n)","person":"P-\#(n)","protocolId":"p-1","desk":"D","targetGroup":"other","openedOn":"2022-02-01"}}"#
    }

    @Test("keys missing for some subjects and keys for subjects no record names are each one problem, sorted by subject")
    func missingAndOrphanKeys_areNamedInOrder() throws {
        let dir = try TempDirectory()
        let ledger = try Ledger(path: dir.path + "/s", create: true, sealed: true, keySource: .derived(from: [4, 2]))
        let lines = [SealedVerifyTests.lines[0]] + (1...6).map(Self.caseLine)
        _ = try ledger.append(BatchInput(bytes: Array(lines.joined(separator: "\n").utf8)))
        #expect(try ledger.verify().ok)
        // The keys in the old text form (which verify reads as it reads the slots): drop
        // three subjects' keys and add keys for three subjects the log never named.
        let ring = try ledger.keyring()
        let subjects = ring.keys.keys.sorted()
        #expect(subjects.count == 6)
        let dropped = [subjects[4], subjects[0], subjects[2]]
        let strangers = ["s-zzzzzzzzzzzzzzzzzzzzzzzzzz", "s-aaaaaaaaaaaaaaaaaaaaaaaaab", "s-mmmmmmmmmmmmmmmmmmmmmmmmmm"]
        var text = Keyring.header + "\n"
        for s in subjects where !dropped.contains(s) { text += Keyring.line(subject: s, key: try #require(ring.key(of: s)), person: nil) }
        for s in strangers { text += Keyring.line(subject: s, key: .random(), person: nil) }
        try ledger.env.write { txn in try txn.drop(try txn.open(SubjectKeyStore.database, create: false)) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: ledger.path + "/" + SubjectKeyFile.name))
        try FileManager.default.removeItem(atPath: ledger.path + "/" + KeySlotFile.name)

        let problems = try Ledger(path: ledger.path).verify().problems
        #expect(problems.filter { $0.check == "keys.missing" }.map(\.message) == dropped.sorted().map {
            "subject \($0) has records but no key and no recorded erasure: its personal fields can never be opened"
        })
        #expect(problems.filter { $0.check == "keys.orphan" }.map(\.message) == strangers.sorted().map {
            "the keys store holds a key for subject \($0), which no record names"
        })
        #expect(problems.count == 6, "\(problems)")
    }
}
