import AlboDomain
import AlboLog
import AlboSealing

/// The participant data (`CaseOpened` v2) of a report's cohort, for the breakdowns by sex,
/// age band and education. Only openings whose stored bytes hold a `participant` member are
/// parsed, so a store without participant data costs one scan of each opening's bytes.
enum ReportParticipants {
    private static let marker = Array(#""participant":"#.utf8)
    private static let openedType = Array(#""type":"CaseOpened""#.utf8)

    /// caseId → the participant of its live opening (nil when it has none, or its subject
    /// was erased), for `caseIds`, as of tree size `size`.
    ///
    /// A case has one live opening, almost always the first event of its stream. So the
    /// streams are looked up in name order, each stream's first event is read in seq order
    /// (the log read forward, as a semester's openings lie near one another), and only the
    /// cases whose first event is not their live opening (voided) have their streams read.
    static func read(_ log: LogSnapshot, caseIds: [String], size: UInt64, keyring: Keyring?) throws -> [String: Participant] {
        var out: [String: Participant] = [:]
        var firsts: [(seq: UInt64, id: String)] = []
        for id in caseIds.sorted() {
            guard let first = try log.streamSeqs(StreamName(.case, id)).first, first < size else { continue }
            firsts.append((first, id))
        }
        firsts.sort { $0.seq < $1.seq }
        var idBySeq: [UInt64: String] = [:]
        for f in firsts { idBySeq[f.seq] = f.id }
        var unsettled: [String] = []
        try log.forEachRecord(seqs: firsts.map(\.seq)) { seq, raw in
            guard let id = idBySeq[seq] else { return }
            switch try opening(log, seq: seq, raw: raw, size: size, keyring: keyring, isFirst: true) {
            case .live(let p): if let p { out[id] = p }
            case .notLive: unsettled.append(id)
            }
        }
        for id in unsettled {
            for seq in try log.streamSeqs(StreamName(.case, id)).dropFirst() where seq < size {
                guard let raw = try log.recordBytes(seq: seq),
                      case .live(let p) = try opening(log, seq: seq, raw: raw, size: size, keyring: keyring, isFirst: false) else { continue }
                if let p { out[id] = p }
                break
            }
        }
        return out
    }

    private enum Opening { case live(Participant?), notLive }

    /// Whether the record `seq` (its stored bytes `raw`) is a live `CaseOpened` as of `size`,
    /// and if so its participant. The first event of a case's stream is its opening (nothing
    /// else can be recorded on a case before it is opened), so for it (`isFirst`) a record
    /// without participant data is not parsed at all; a later event is parsed to learn its type.
    private static func opening(_ log: LogSnapshot, seq: UInt64, raw: UnsafeRawBufferPointer, size: UInt64,
                                keyring: Keyring?, isFirst: Bool) throws -> Opening {
        guard ByteSearch.contains(raw, openedType) else { return .notLive }
        if let voiding = try log.voidingSeq(of: seq), voiding < size { return .notLive }
        let hasParticipant = ByteSearch.contains(raw, marker)
        if isFirst && !hasParticipant { return .live(nil) }
        let record = try StoredRecord.parse(raw)
        guard case .caseOpened = record.payload else { return .notLive }
        guard hasParticipant else { return .live(nil) }
        let opened = keyring.map { $0.open(record).record } ?? record
        guard case .caseOpened(let o) = opened.payload else { return .notLive }
        return .live(o.participant?.value)
    }
}
