public import AlboDomain
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

/// Why a subject could not be erased.
public struct ErasureError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension Ledger {
    /// The subject reference of `person`, nil when the person is unknown or already erased.
    public func subject(ofPerson person: String) throws -> String? {
        try keyFile.load().subject(of: person)
    }

    /// Whether a `SubjectErased` for `subject` is in the log.
    public func isRecordedErased(_ subject: String) throws -> Bool {
        try read { log in try !log.streamSeqs(StreamName(.subject, subject)).isEmpty }
    }

    /// Makes everything about `subject` unreadable for good: records a `SubjectErased`
    /// (subject reference, reason, recordedBy; no personal data), then rewrites the keys file
    /// without the subject's key and person. Run again after a crash between the two steps,
    /// it finishes the second; run on an erased subject, it does nothing.
    ///
    /// Nothing else needs purging: a sealed store keeps personal values only sealed, in the
    /// log and in the projections alike, so without the key no file of the store holds them.
    public func erase(subject: String, reason: String, recordedBy: String, recordedAt: String? = nil) throws -> ErasureResult {
        guard isSealed else {
            throw ErasureError(description: "the store at \(path) was created before personal fields were sealed: its records hold personal data in clear, which erasing cannot reach without rewriting the log")
        }
        guard SubjectReference.isValid(subject) else { throw ErasureError(description: "\(subject) is not a subject reference") }
        return try writerLock.exclusively {
            var recorded: UInt64?
            if try !isRecordedErased(subject) {
                let line: JSONValue = .object([
                    "id": .string(UUID().uuidString.lowercased()), "type": .string(EventType.subjectErased.rawValue),
                    "recordedBy": .string(recordedBy),
                    "data": .object(["subject": .string(subject), "reason": .string(reason)]),
                ])
                let summary = try append(BatchInput(bytes: CanonicalJSON.encode(line)), recordedAt: recordedAt, allowsErasure: true, progress: nil)
                recorded = summary.firstSeq
            }
            var keyring = try keyFile.load()
            let hadKey = keyring.key(of: subject) != nil || keyring.person(of: subject) != nil
            if hadKey {
                keyring.remove(subject: subject)
                try keyFile.save(keyring)
            }
            return ErasureResult(subject: subject, recordedSeq: recorded, destroyedKey: hadKey)
        }
    }
}
