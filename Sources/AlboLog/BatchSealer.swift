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
    /// caseId → subject reference, for the cases this batch touched lately: the newer half,
    /// and the older half it replaced (so the cases just touched are never all forgotten at once).
    /// Each with the input line it holds from: lines are sealed ahead of the rules (`preseal`),
    /// so a case reopened for someone else further on must not answer for the lines before.
    private var caseSubjects: [String: (subject: String, line: Int)] = [:]
    private var olderCaseSubjects: [String: (subject: String, line: Int)] = [:]
    /// Cases remembered, both halves together (a forgotten case's subject is read back
    /// from its stored `CaseOpened`): 50,000 keeps a 1M-event sealed batch under the
    /// record core's 256 MiB of anonymous memory (200,000 peaked at 269 MiB).
    static let caseCacheLimit = 50_000

    /// Remembers the subject of a case from input line `line` on (never over what a later
    /// line settled), turning the halves over when the newer one is full.
    private func remember(_ caseId: String, _ subject: String, line: Int) {
        if let known = caseSubjects[caseId] ?? olderCaseSubjects[caseId], known.line > line { return }
        if caseSubjects.count >= Self.caseCacheLimit / 2 {
            swap(&caseSubjects, &olderCaseSubjects)
            caseSubjects.removeAll(keepingCapacity: true)
        }
        caseSubjects[caseId] = (subject, line)
    }

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
    func storedData(_ event: IncomingEvent, dataBytes: [UInt8], stream: String, line: Int) throws -> [UInt8] {
        guard event.payload.holdsPersonalValues, let caseId = event.payload.caseId else {
            if let name = StreamName(stream), name.kind == .case, let subject = try subject(ofCase: name.id, line: line), try keys.key(of: subject) == nil {
                throw Refusal(path: "type", rule: "subject.erased", message: "the data subject of case \"\(name.id)\" has been erased; nothing more can be recorded about them.")
            }
            return dataBytes
        }
        let (subject, key) = try subjectAndKey(event, caseId: caseId, line: line)
        return try Self.seal(event, dataBytes: dataBytes, subject: subject, key: key)
    }

    /// Starts sealing the lines that have personal fields: subjects and keys are assigned
    /// here, in line order, exactly as `storedData` would assign them; the boxes are made in
    /// groups on other threads (`Presealed`). A line whose subject cannot be settled here is
    /// left to `storedData`, which says why, in order.
    func preseal(_ lines: [DecodedLine]) -> Presealed {
        struct Job: Sendable {
            var event: IncomingEvent
            var dataBytes: [UInt8]
            var subject: String
            var key: SubjectKey
        }
        var jobOfLine = [Int32](repeating: -1, count: lines.count)
        var jobs: [Job] = []
        for (i, line) in lines.enumerated() {
            guard let event = line.event, event.payload.holdsPersonalValues, let caseId = event.payload.caseId,
                  let (subject, key) = try? subjectAndKey(event, caseId: caseId, line: line.line) else { continue }
            jobOfLine[i] = Int32(jobs.count)
            jobs.append(Job(event: event, dataBytes: line.dataBytes, subject: subject, key: key))
        }
        let groups = stride(from: 0, to: jobs.count, by: Presealed.groupSize).map { start in
            let group = Array(jobs[start..<min(jobs.count, start + Presealed.groupSize)])
            return Parallel.Future { try group.map { try BatchSealer.seal($0.event, dataBytes: $0.dataBytes, subject: $0.subject, key: $0.key) } }
        }
        return Presealed(jobOfLine: jobOfLine, groups: groups)
    }

    /// The sealing of one slice of lines, under way: subjects were assigned in line order, as
    /// `storedData` would assign them; the boxes are made in groups on other threads, so the
    /// writing thread writes the first lines of the slice while the rest are being sealed.
    final class Presealed {
        /// Each line's job, or -1 where the line has nothing to seal here.
        private let jobOfLine: [Int32]
        private let groups: [Parallel.Future<[[UInt8]]>]
        private var sealed: [[[UInt8]]?]
        static let groupSize = 256

        fileprivate init(jobOfLine: [Int32], groups: [Parallel.Future<[[UInt8]]>]) {
            self.jobOfLine = jobOfLine
            self.groups = groups
            sealed = Array(repeating: nil, count: groups.count)
        }

        /// The sealed `data` of line `index`, waiting for its group; nil where the line has no
        /// personal value or could not be sealed ahead (then `storedData` says why, in order).
        func data(_ index: Int) throws -> [UInt8]? {
            let job = Int(jobOfLine[index])
            guard job >= 0 else { return nil }
            let group = job / Self.groupSize
            if let done = sealed[group] { return done[job % Self.groupSize] }
            let done = try groups[group].value()
            sealed[group] = done
            return done[job % Self.groupSize]
        }
    }

    /// The subject of an event with personal fields, and its key; a `CaseOpened` of a new
    /// person makes the subject.
    private func subjectAndKey(_ event: IncomingEvent, caseId: String, line: Int) throws -> (String, SubjectKey) {
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
            remember(caseId, subject, line: line)
        } else {
            guard let s = try self.subject(ofCase: caseId, line: line) else {
                throw Refusal(path: "data.caseId", rule: "case.no-subject", message: "case \"\(caseId)\" names no data subject; its CaseOpened was not sealed.")
            }
            subject = s
        }
        guard let key = try keys.key(of: subject) else {
            throw Refusal(path: "data.caseId", rule: "subject.erased", message: "the data subject of case \"\(caseId)\" has been erased; nothing more can be recorded about them.")
        }
        return (subject, key)
    }

    /// The stored bytes of `dataBytes` sealed for `subject`: in one pass over the canonical
    /// bytes, or, where that pass declines (escapes), through the parsed object.
    static func seal(_ event: IncomingEvent, dataBytes: [UInt8], subject: String, key: SubjectKey) throws -> [UInt8] {
        if let sealed = RecordSealing.seal(canonical: dataBytes, type: event.type, eventId: event.id, subject: subject, key: key) {
            return sealed
        }
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
        return try Self.seal(event, dataBytes: dataBytes, subject: subject, key: key)
    }

    /// The subject of a case as of input line `line`: from this batch's earlier lines, else
    /// from the `subject` of its latest stored `CaseOpened` (a case whose opening was voided
    /// may have been opened again, for someone else).
    private func subject(ofCase caseId: String, line: Int) throws -> String? {
        if let known = caseSubjects[caseId] ?? olderCaseSubjects[caseId], known.line <= line { return known.subject }
        let stream = StreamName(.case, caseId).rawValue
        for seq in try ledger.streamSeqs(txn, stream: stream).reversed() {
            guard let raw = try ledger.recordBytes(txn, seq: seq) else { continue }
            let record = try StoredRecord.parse(raw)
            guard record.type == .caseOpened else { continue }
            guard case .string(let s)? = try record.decodedData()[PersonalFields.subjectField] else { return nil }
            remember(caseId, s, line: line)
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
