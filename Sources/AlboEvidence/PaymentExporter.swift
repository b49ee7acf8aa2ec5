public import AlboDomain
public import AlboLog
public import Transparency
import AlboSealing
import Crypto

/// Builds the evidence bundle of docs/reference.md §7 from the log, in one read transaction.
public enum PaymentExporter {
    /// The bundle's files, in memory, and the claim they state.
    public struct Bundle: Sendable {
        /// File name → exact bytes, manifest included.
        public var files: [String: [UInt8]]
        public var claim: PaymentClaim
        public var treeSize: UInt64
        public var eventCount: Int
    }

    /// Computes the claim of `protocolId` over [from, to] and its supporting evidence.
    public static func bundle(reader: LogReader, protocolId: String, from: CivilDate, to: CivilDate,
                              asOf: AsOf? = nil, signer: NoteSigner) throws -> Bundle {
        guard from <= to else {
            throw EvidenceError(.usage, "--from \(from) is after --to \(to): the period must run forwards")
        }
        let keyring: Keyring?
        if reader.isSealed {
            keyring = try reader.keyring()
        } else {
            keyring = nil
        }
        return try reader.read { log in
            let size: UInt64
            do { size = try log.treeSize(asOf: asOf) } catch let e as LogError where e.code == .badAsOf { throw EvidenceError(.usage, e.message) }
            let protocolSeqs = try log.streamSeqs(StreamName(.protocol, protocolId)).filter { $0 < size }
            guard !protocolSeqs.isEmpty else {
                throw EvidenceError(.protocolNotFound, "no protocol \"\(protocolId)\" in the first \(size) events of the log; `albo query protocols` lists them")
            }
            let protocolStream = try protocolSeqs.map { try log.record(seq: $0) }
            _ = try PaymentRules.protocolTerms(protocolStream)
            let sealedCases = try candidateCases(log, protocolId: protocolId, size: size)
            let opened: [[(record: StoredRecord, closed: [String])]] = sealedCases.map { stream in stream.map { keyring?.open($0) ?? (record: $0, closed: []) } }
            let cases = opened.map { $0.map(\.record) }
            let claim = try PaymentRules.evaluate(protocolStream: protocolStream, caseStreams: cases, from: from, to: to)
            let listed = Set(claim.listedStreams)
            let unopenable = opened.joined().filter { !$0.closed.isEmpty && listed.contains($0.record.stream) }
            if !unopenable.isEmpty {
                let names = unopenable.map { "seq \($0.record.seq) (\($0.record.id), \($0.record.type.rawValue): \($0.closed.joined(separator: ", ")))" }
                throw EvidenceError(.erased, "the claim needs personal data that can no longer be opened (their subject was erased): \(names.joined(separator: "; ")); export a period without these events")
            }
            var seqs = protocolSeqs
            for stream in claim.listedStreams {
                guard let name = StreamName(stream) else { throw LogError(.corrupt, "a claim lists the malformed stream \(stream)") }
                seqs += try log.streamSeqs(name).filter { $0 < size }
            }
            return try assemble(log, seqs: seqs.sorted(), size: size, claim: claim, claimId: nil, keyring: keyring, signer: signer)
        }
    }

    /// `manifest.json`: SHA-256 (hex) of every other file.
    static func manifest(_ files: [String: [UInt8]]) -> [UInt8] {
        var entries: [String: JSONValue] = [:]
        for name in BundleFile.covered { entries[name] = .string(sha256Hex(files[name] ?? [])) }
        return ClaimDocuments.json(.object(entries))
    }

    /// `subjects.json`: subject reference → base64url key, for the bundle's own subjects only.
    static func subjectKeys(_ subjects: Set<String>, _ keyring: Keyring?) -> [UInt8] {
        var entries: [String: JSONValue] = [:]
        for s in subjects { if let key = keyring?.key(of: s) { entries[s] = .string(key.text) } }
        return ClaimDocuments.json(.object(entries))
    }

    /// Lowercase hex SHA-256.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        TreeHash(digest: SHA256.hash(data: bytes)).hex
    }

    // MARK: - Reading the log

    /// The case streams that may belong to the protocol as of `size`.
    ///
    /// A case stream starts with its `CaseOpened`, so reading that one record rules out
    /// other protocols' cases; a stream whose opening was voided may have been reopened
    /// under another protocol, so it is read in full.
    static func candidateCases(_ log: LogSnapshot, protocolId: String, size: UInt64) throws -> [[StoredRecord]] {
        var candidates: [[UInt64]] = []
        try log.forEachStream(.case) { _, seqs in
            guard let first = seqs.first, first < size else { return }
            let opening = try log.record(seq: first)
            let reopened = try log.voidingSeq(of: first).map { $0 < size } ?? false
            if case .caseOpened(let c) = opening.payload, c.protocolId == protocolId || reopened {
                candidates.append(seqs.filter { $0 < size })
            }
        }
        return try candidates.map { try $0.map { try log.record(seq: $0) } }
    }
}
