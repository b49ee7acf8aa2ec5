import AlboDomain
import AlboLog
import AlboSealing

/// The participant data (`CaseOpened` v2) of a report's cohort, for the breakdowns by sex,
/// age band and education. Only openings whose stored bytes hold a `participant` member are
/// parsed, so a store without participant data costs one scan of each opening's bytes.
enum ReportParticipants {
    private static let marker = Array(#""participant":"#.utf8)

    /// caseId → the participant of its live opening (nil when it has none, or its subject
    /// was erased), for `caseIds`, as of tree size `size`.
    static func read(_ log: LogSnapshot, caseIds: [String], size: UInt64, keyring: Keyring?) throws -> [String: Participant] {
        var out: [String: Participant] = [:]
        for id in caseIds {
            for seq in try log.streamSeqs(StreamName(.case, id)) where seq < size {
                guard let raw = try log.recordBytes(seq: seq), contains(raw, marker) else { continue }
                if let voiding = try log.voidingSeq(of: seq), voiding < size { continue }
                let record = try StoredRecord.parse(raw)
                let opened = keyring.map { $0.open(record).record } ?? record
                if case .caseOpened(let o) = opened.payload, let p = o.participant?.value { out[id] = p }
            }
        }
        return out
    }

    /// Whether `needle` occurs in `haystack` (a stored record: a few hundred bytes).
    private static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
