import AlboDomain
import AlboSealing
import LMDB

/// Seals the personal fields of one batch's events before they are stored (a sealed store
/// only). It looks subjects and keys up in the keys store, gives each new person a subject
/// reference and key, and writes the new keys just before the batch commits, in the same
/// step: a record whose key was never saved could never be opened.
final class BatchSealer {
    private let ledger: Ledger
    private let txn: Transaction
    /// The keys store in this transaction: lookups by subject and person, and the new subjects.
    private let keys: SubjectKeyWriter
    /// caseId → subject reference, for the cases this batch touched.
    private var caseSubjects: [String: String] = [:]
    /// Cases remembered before the cache is emptied (a forgotten case's subject is read back
    /// from its stored `CaseOpened`): 50,000 keeps a 1M-event sealed batch under the
    /// record core's 256 MiB of anonymous memory (200,000 peaked at 269 MiB).
    static let caseCacheLimit = 50_000

    init(ledger: Ledger, txn: Transaction) throws {
        self.ledger = ledger
        self.txn = txn
        self.keys = try SubjectKeyWriter(ledger: ledger, txn: txn)
    }

    /// Why an event cannot be sealed.
    struct Refusal: Error {
        var path: String
        var rule: String
        var message: String
    }

    /// The stored `data` bytes of `event` on `stream`: sealed when it holds personal values,
    /// else as given. An erased subject's case takes no more events of any kind (a closing, a
    /// void, a follow-up): nothing more is recorded about them.
    func storedData(_ event: IncomingEvent, dataBytes: [UInt8], stream: String) throws -> [UInt8] {
        guard event.payload.holdsPersonalValues, let caseId = event.payload.caseId else {
            if let name = StreamName(stream), name.kind == .case, let subject = try subject(ofCase: name.id), try keys.key(of: subject) == nil {
                throw Refusal(path: "type", rule: "subject.erased", message: "the data subject of case \"\(name.id)\" has been erased; nothing more can be recorded about them.")
            }
            return dataBytes
        }
        let (subject, key) = try subjectAndKey(event, caseId: caseId)
        return try Self.seal(event, dataBytes: dataBytes, subject: subject, key: key)
    }

    /// The sealed `data` of each line that has personal fields, sealed on all cores; nil where
    /// a line has none or cannot be sealed (then `storedData` says why, in order). Subjects
    /// are assigned here, in line order, exactly as `storedData` would.
    func preseal(_ lines: [DecodedLine]) throws -> [[UInt8]?] {
        struct Job: Sendable {
            var index: Int
            var event: IncomingEvent
            var dataBytes: [UInt8]
            var subject: String
            var key: SubjectKey
        }
        var jobs: [Job] = []
        for (i, line) in lines.enumerated() {
            guard let event = line.event, event.payload.holdsPersonalValues, let caseId = event.payload.caseId,
                  let (subject, key) = try? subjectAndKey(event, caseId: caseId) else { continue }
            jobs.append(Job(index: i, event: event, dataBytes: line.dataBytes, subject: subject, key: key))
        }
        var out = [[UInt8]?](repeating: nil, count: lines.count)
        guard !jobs.isEmpty else { return out }
        let frozen = jobs
        let sealed = try Parallel.map(frozen.count, parts: min(Parallel.workers, max(1, frozen.count / 256))) { range in
            try range.map { j in try Self.seal(frozen[j].event, dataBytes: frozen[j].dataBytes, subject: frozen[j].subject, key: frozen[j].key) }
        }.flatMap { $0 }
        for (j, job) in frozen.enumerated() { out[job.index] = sealed[j] }
        return out
    }

    /// The subject of an event with personal fields, and its key; a `CaseOpened` of a new
    /// person makes the subject.
    private func subjectAndKey(_ event: IncomingEvent, caseId: String) throws -> (String, SubjectKey) {
        let subject: String
        if case .caseOpened(let c) = event.payload {
            if let known = try keys.subject(ofPerson: c.person) {
                subject = known
            } else {
                let made = ledger.keySource.newSubject(for: c.person)
                try keys.add(person: c.person, subject: made.reference, key: made.key)
                subject = made.reference
            }
            // Bounded like the rules' facts: an evicted case is read back from the log.
            if caseSubjects.count >= Self.caseCacheLimit { caseSubjects.removeAll(keepingCapacity: true) }
            caseSubjects[caseId] = subject
        } else {
            guard let s = try self.subject(ofCase: caseId) else {
                throw Refusal(path: "data.caseId", rule: "case.no-subject", message: "case \"\(caseId)\" names no data subject; its CaseOpened was not sealed.")
            }
            subject = s
        }
        guard let key = try keys.key(of: subject) else {
            throw Refusal(path: "data.caseId", rule: "subject.erased", message: "the data subject of case \"\(caseId)\" has been erased; nothing more can be recorded about them.")
        }
        return (subject, key)
    }

    private static func seal(_ event: IncomingEvent, dataBytes: [UInt8], subject: String, key: SubjectKey) throws -> [UInt8] {
        let data = try StoredRecord.dataObject(dataBytes)
        return CanonicalJSON.encode(.object(RecordSealing.seal(data, type: event.type, eventId: event.id, subject: subject, key: key)))
    }

    /// What `dataBytes` would be stored as for a record already stored as `stored`, or nil when
    /// it cannot be said (the subject's key is gone).
    func expectedStoredData(_ event: IncomingEvent, dataBytes: [UInt8], stored: StoredRecord) throws -> [UInt8]? {
        guard event.payload.holdsPersonalValues else { return dataBytes }
        let storedData = try stored.decodedData()
        guard let subject = RecordSealing.subjects(in: storedData, type: stored.type).first else { return dataBytes }
        guard let key = try keys.key(of: subject) else { return nil }
        let data = try StoredRecord.dataObject(dataBytes)
        return CanonicalJSON.encode(.object(RecordSealing.seal(data, type: event.type, eventId: event.id, subject: subject, key: key)))
    }

    /// The subject of a case: from this batch, else from the `subject` of its latest stored
    /// `CaseOpened` (a case whose opening was voided may have been opened again, for someone else).
    private func subject(ofCase caseId: String) throws -> String? {
        if let s = caseSubjects[caseId] { return s }
        let stream = StreamName(.case, caseId).rawValue
        for seq in try ledger.streamSeqs(txn, stream: stream).reversed() {
            guard let raw = try ledger.recordBytes(txn, seq: seq) else { continue }
            let record = try StoredRecord.parse(raw)
            guard record.type == .caseOpened else { continue }
            guard case .string(let s)? = try record.decodedData()[PersonalFields.subjectField] else { return nil }
            caseSubjects[caseId] = s
            return s
        }
        return nil
    }

    /// Writes this batch's new keys (signals held from here until the commit); call last.
    func saveKeys() throws {
        try keys.save()
    }
}

extension Payload {
    /// Whether the event holds a personal value to seal (a `CaseClosed` without
    /// `resultsOnLeaving` holds none, and is stored as it always was).
    var holdsPersonalValues: Bool { personalValues.contains { $0.value != nil } }

    /// The case a case-stream payload belongs to.
    var caseId: String? {
        switch self {
        case .caseOpened(let c): c.caseId
        case .traineeshipStarted(let t): t.caseId
        case .placementConfirmed(let p): p.caseId
        case .caseClosed(let c): c.caseId
        case .followUpRecorded(let f): f.caseId
        case .protocolSigned, .hireAnnounced, .eventVoided, .subjectErased, .claimFiled, .claimPaid: nil
        }
    }
}

extension StoredRecord {
    /// `dataBytes` parsed as the object they are.
    static func dataObject(_ bytes: [UInt8]) throws -> [String: JSONValue] {
        guard case .object(let members) = try JSONParser.parse(bytes) else {
            throw JSONSyntaxError(offset: 0, message: "data is not an object")
        }
        return members
    }
}
