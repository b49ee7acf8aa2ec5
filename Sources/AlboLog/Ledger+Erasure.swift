import AlboDomain
import AlboSealing
import Foundation

/// What `erase` did for one subject.
public struct ErasureResult: Sendable, Equatable {
    public var subject: String
    /// The seq of the `SubjectErased` event; nil when an earlier run had recorded it.
    public var recordedSeq: UInt64?
    /// Whether the subject's key was still in the keys file and has now been destroyed.
    public var destroyedKey: Bool
}

extension Ledger {
    /// Whether a `SubjectErased` for `subject` is in the log.
    func isRecordedErased(_ subject: String) throws -> Bool {
        try read { log in try !log.streamSeqs(StreamName(.subject, subject)).isEmpty }
    }

    /// Makes everything about `subject` unreadable for good: records a `SubjectErased`
    /// (subject reference, reason, recordedBy; no personal data), then overwrites the
    /// subject's key slot (key and person) with zeros in place and syncs it. Run again after
    /// a crash between the two steps, it finishes the second; run on an erased subject, it
    /// does nothing.
    ///
    /// Nothing else needs purging: a sealed store keeps personal values only sealed, in the
    /// log and in the projections alike, so without the key no file of the store holds them.
    func erase(subject: String, reason: String, recordedBy: String, recordedAt: String? = nil) throws -> ErasureResult {
        guard let result = try erase([(subject, reason)], recordedBy: recordedBy, recordedAt: recordedAt).first else {
            throw LogError(.misuse, "erasing \(subject) gave no result")
        }
        return result
    }

    /// `erase` for many subjects at once: one batch of `SubjectErased` events (all or none),
    /// then each key slot zeroed; the results are in the order given.
    func erase(_ targets: [(subject: String, reason: String)], recordedBy: String,
                      recordedAt: String? = nil) throws -> [ErasureResult] {
        guard isSealed else {
            throw LogError(.notSealed, "the store at \(path) was created before personal fields were sealed: its records hold personal data in clear, which erasing cannot reach without rewriting the log")
        }
        for t in targets where !SubjectReference.isValid(t.subject) {
            throw LogError(.misuse, "\(t.subject) is not a subject reference")
        }
        return try writerLock.exclusively {
            var lines: [UInt8] = []
            var pending: [String] = []
            for t in targets where try !isRecordedErased(t.subject) && !pending.contains(t.subject) {
                let line: JSONValue = .object([
                    "id": .string(UUID().uuidString.lowercased()), "type": .string(EventType.subjectErased.rawValue),
                    "recordedBy": .string(recordedBy),
                    "data": .object(["subject": .string(t.subject), "reason": .string(t.reason)]),
                ])
                lines += CanonicalJSON.encode(line) + [0x0A]
                pending.append(t.subject)
            }
            var seqs: [String: UInt64] = [:]
            if !pending.isEmpty {
                let summary = try appendHoldingLock(BatchInput(bytes: lines), recordedAt: recordedAt, allowsErasure: true, progress: nil)
                if let first = summary.firstSeq {
                    for (i, s) in pending.enumerated() { seqs[s] = first + UInt64(i) }
                }
            }
            // After the log: a crash in between leaves the key, and running erase again removes it.
            defer { CommitWindow.close() }
            let destroyed = try env.write { txn -> Set<String> in
                var keys = try SubjectKeyWriter(ledger: self, txn: txn)
                if keys.hasPending {  // an old keys file moved into the store: written, then read back
                    try keys.save()
                    keys = try SubjectKeyWriter(ledger: self, txn: txn)
                }
                var destroyed = Set<String>()
                for t in targets where try keys.destroy(subject: t.subject) { destroyed.insert(t.subject) }
                return destroyed
            }
            try finishKeysMigration()
            return targets.map { ErasureResult(subject: $0.subject, recordedSeq: seqs[$0.subject], destroyedKey: destroyed.contains($0.subject)) }
        }
    }
}
