import AlboDomain
import AlboSealing
import AlboTestSupport
@testable import AlboLog
import Foundation
import LMDB
import Testing

/// The keys store: slots committed with the log, checked on every read, migrated from the
/// old `subjects.keys`, reclaimed after a batch that never committed, zeroed by erasure.
@Suite("Keys store")
struct KeyStoreTests {
    static func caseLine(_ n: Int, person: String) -> String {
        #"{"id":"00000000-0000-4000-8000-\#(String(format: "%012d", 100 + n))","type":"CaseOpened","recordedBy":"op-1","data":{"caseId":"K-\#(n)","person":"\#(person)","protocolId":"p-1","desk":"D","targetGroup":"other","openedOn":"2022-02-01"}}"#
    }

    private func store() throws -> (TempDirectory, Ledger) {
        let dir = try TempDirectory()
        let ledger = try Ledger(path: dir.path + "/s", create: true, sealed: true, keySource: .derived(from: [7]))
        _ = try ledger.append(BatchInput(bytes: Array(SealedVerifyTests.lines.joined(separator: "\n").utf8)))
        return (dir, ledger)
    }

    private func slotsPath(_ ledger: Ledger) -> String { ledger.path + "/" + KeySlotFile.name }

    /// Turns a store into the old format: `subjects.keys` text, no index, no slot file.
    private func makeLegacy(_ ledger: Ledger) throws -> Keyring {
        let ring = try ledger.keyring()
        try ledger.env.write { txn in try txn.drop(try txn.open(SubjectKeyStore.database, create: false)) }
        try Data(ring.text.utf8).write(to: URL(fileURLWithPath: ledger.path + "/" + SubjectKeyFile.name))
        try FileManager.default.removeItem(atPath: slotsPath(ledger))
        return ring
    }

    @Test("an old-format store reads as it is, and its first append moves the keys into the keys store: same records, same keys, old file gone")
    func legacyStore_migratesOnFirstWrite() throws {
        let (dir, ledger) = try store()
        defer { withExtendedLifetime(dir) {} }
        let ring = try makeLegacy(ledger)
        let before = try ledger.read { log in try (0..<ledger.size()).map { try log.record(seq: $0).canonicalBytes } }
        let subject1 = try #require(ring.subject(of: "P-1"))
        #expect(try ledger.keyring(for: [subject1]).key(of: subject1) == ring.key(of: subject1))
        #expect(try ledger.subject(ofPerson: "P-2") == ring.subject(of: "P-2"))
        #expect(try ledger.verify().ok)

        _ = try ledger.append(BatchInput(bytes: Array((Self.caseLine(1, person: "P-1") + "\n" + Self.caseLine(2, person: "P-9")).utf8)))
        #expect(!FileManager.default.fileExists(atPath: ledger.path + "/" + SubjectKeyFile.name))
        #expect(FileManager.default.fileExists(atPath: slotsPath(ledger)))
        let after = try ledger.keyring()
        for person in ["P-1", "P-2"] {
            let s = try #require(ring.subject(of: person))
            #expect(after.subject(of: person) == s && after.key(of: s) == ring.key(of: s))
        }
        #expect(after.keys.count == 3)  // P-1 kept its subject; P-9 is new
        let stored = try ledger.read { log in try (0..<UInt64(before.count)).map { try log.record(seq: $0).canonicalBytes } }
        #expect(stored == before)
        #expect(try ledger.verify().ok)
    }

    @Test("slots a batch wrote but never committed (a kill between the keys and the commit) are zeroed and cut by the next write, and never read")
    func uncommittedSlots_reclaimed() throws {
        let (dir, ledger) = try store()
        defer { withExtendedLifetime(dir) {} }
        let committed = try Data(contentsOf: URL(fileURLWithPath: slotsPath(ledger)))
        // A killed batch's slot: a valid-looking key past the committed count.
        let orphan = try #require(KeySlot(subject: "s-aaaaaaaaaaaaaaaaaaaaaaaaaa", key: .random(), person: "P-ORPHAN").bytes(at: 2))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: slotsPath(ledger)))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(orphan))
        try handle.close()
        #expect(try ledger.subject(ofPerson: "P-ORPHAN") == nil)
        #expect(try ledger.keyring().keys.count == 2)
        _ = try ledger.append(BatchInput(bytes: []))  // a write with no new subject still reclaims
        let now = try Data(contentsOf: URL(fileURLWithPath: slotsPath(ledger)))
        #expect(now == committed)
        #expect(!now.contains(Data("P-ORPHAN".utf8)))
    }

    @Test("a keyring for many subjects, their slots read in runs, holds the keys the slots hold one by one")
    func keyringForSubjects_readsSlotsInRuns() throws {
        let (dir, ledger) = try store()
        defer { withExtendedLifetime(dir) {} }
        let more = (10..<30).map { Self.caseLine($0, person: "P-\($0)") }.joined(separator: "\n")
        _ = try ledger.append(BatchInput(bytes: Array(more.utf8)))
        let all = try ledger.keyring()
        let subjects = Set(all.keys.keys)
        #expect(subjects.count >= 20)
        let ring = try ledger.keyring(for: subjects)
        #expect(Set(ring.keys.keys) == subjects)
        for s in subjects { #expect(ring.key(of: s) == all.key(of: s)) }
        try ledger.env.read { txn in
            let store = try SubjectKeyStore(ledger: ledger, txn: txn)
            // A gap, and a slot past the committed count.
            let slots = (0..<store.count).filter { $0 != 1 } + [store.count + 3]
            for run: UInt64 in [1, 2, 512] {
                var got: [Int: KeySlot.Reading] = [:]
                try store.readings(slots, run: run) { i, r in got[i] = r }
                #expect(got.count == slots.count)
                for (i, slot) in slots.enumerated() { #expect(got[i] == (try store.reading(slot)), "run \(run), slot \(slot)") }
            }
        }
    }

    @Test("an edited, moved, cut or missing slot is damage for every read and for append and erase; never an erasure")
    func damagedSlots_areLoud() throws {
        let (dir, ledger) = try store()
        defer { withExtendedLifetime(dir) {} }
        let subject = try #require(try ledger.subject(ofPerson: "P-1"))
        let original = try Data(contentsOf: URL(fileURLWithPath: slotsPath(ledger)))
        func damaged(_ bytes: Data) throws {
            try bytes.write(to: URL(fileURLWithPath: slotsPath(ledger)))
            let isDamage = { (e: any Error) in (e as? LogError)?.code == .keysDamaged }
            #expect(throws: (any Error).self) { try ledger.keyring(for: [subject]) }
            #expect(performing: { try ledger.keyring() }, throws: isDamage)
            #expect(performing: { try ledger.append(BatchInput(bytes: Array(Self.caseLine(3, person: "P-1").utf8))) }, throws: isDamage)
            #expect(try !ledger.verify().ok)
            try original.write(to: URL(fileURLWithPath: slotsPath(ledger)))
        }
        // The first slot's person edited to another (P-1 → P-2): the checksum no longer holds.
        var edited = original
        edited[KeySlotFile.header.count + 67] = UInt8(ascii: "2")
        try damaged(edited)
        // The two slots swapped: each checksum binds its position.
        let h = KeySlotFile.header.count, n = KeySlot.size
        try damaged(original[0..<h] + original[(h + n)..<(h + 2 * n)] + original[h..<(h + n)])
        try damaged(original.prefix(original.count - 20))
        try damaged(original.prefix(h) + Data(count: original.count - h))  // zeroed without an erasure
        #expect(try ledger.verify().ok)
        #expect(try ledger.keyring().key(of: subject) != nil)
    }

    @Test("erasure overwrites the slot in place: the key and the person are in no byte of the keys file; the others still open")
    func erasure_zeroesTheSlot() throws {
        let (dir, ledger) = try store()
        defer { withExtendedLifetime(dir) {} }
        let ring = try ledger.keyring()
        let subject = try #require(ring.subject(of: "P-1"))
        let key = try #require(ring.key(of: subject))
        let result = try ledger.erase(subject: subject, reason: "request", recordedBy: "dpo")
        #expect(result.destroyedKey)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: slotsPath(ledger)))
        #expect(bytes.range(of: Data(key.bytes)) == nil && bytes.range(of: Data("P-1".utf8)) == nil)
        #expect(bytes.count == KeySlotFile.header.count + 2 * KeySlot.size)
        #expect(try ledger.keyring(for: [subject]).key(of: subject) == nil)  // erased, not damage
        #expect(try ledger.subject(ofPerson: "P-2") != nil)
        #expect(try ledger.verify().ok)
    }
}
