import AlboDomain
import AlboSealing
import AlboTestSupport
@testable import AlboLog
import Foundation
import Testing

/// `Ledger.erase`: the event first, then the keys; a run interrupted between the two is finished by the next.
@Suite("Ledger erasure")
struct LedgerErasureTests {
    @Test("an erasure recorded but whose key survived (a crash between the steps) is finished by erasing again, with no second event")
    func erase_finishesAnInterruptedRun() throws {
        let dir = try TempDirectory()
        let ledger = try Ledger(path: dir.path + "/s", create: true, sealed: true, keySource: .derived(from: [9]))
        _ = try ledger.append(BatchInput(bytes: Array(SealedVerifyTests.lines.joined(separator: "\n").utf8)))
        let subject = try #require(try ledger.subject(ofPerson: "P-1"))
        // The first step alone, as a run killed before rewriting the keys leaves it.
        let line = #"{"id":"00000000-0000-4000-8000-0000000000aa","type":"SubjectErased","recordedBy":"dpo","data":{"reason":"request","subject":"\#(subject)"}}"#
        _ = try ledger.append(BatchInput(bytes: Array(line.utf8)), recordedAt: nil, allowsErasure: true, progress: nil)
        #expect(try ledger.isRecordedErased(subject))
        #expect(try ledger.keyring().key(of: subject) != nil)
        let size = try ledger.size()

        let again = try ledger.erase(subject: subject, reason: "request", recordedBy: "dpo")
        #expect(again.recordedSeq == nil && again.destroyedKey)
        #expect(try ledger.size() == size)
        #expect(try ledger.keyring().key(of: subject) == nil && ledger.subject(ofPerson: "P-1") == nil)
        // The other subject is untouched, and a third run does nothing.
        #expect(try ledger.subject(ofPerson: "P-2") != nil)
        let third = try ledger.erase(subject: subject, reason: "request", recordedBy: "dpo")
        #expect(third.recordedSeq == nil && !third.destroyedKey)
        #expect(try ledger.verify().ok)
    }
}
