import AlboDomain
import AlboSealing
import LMDB

/// The subjects the log names: each sealed `CaseOpened`'s, and each `SubjectErased`'s.
struct SubjectCensus {
    var named = Set<String>()
    var erased = Set<String>()

    mutating func count(_ record: StoredRecord) {
        switch record.payload {
        case .caseOpened(let c): if let s = SealedValue(c.person)?.subject { named.insert(s) }
        case .subjectErased(let e): erased.insert(e.subject)
        default: break
        }
    }
}

extension Ledger {
    /// Every subject of the log has its key or a recorded erasure, every key its subject, and
    /// every erased subject's slot is zeroed. Damage is a problem; a keys store this user
    /// may not read is thrown (`keysUnreadable`).
    func checkKeys(_ txn: Transaction, _ census: SubjectCensus, into problems: inout ProblemList) throws {
        let store: SubjectKeyStore
        let live: [String: Bool]  // subject → key present
        do {
            store = try SubjectKeyStore(ledger: self, txn: txn)
            live = try keyStates(store)
        } catch let e as LogError where e.code == .keysDamaged {
            problems.add(nil, "keys.damaged", e.message)
            return
        }
        // Only the subjects in trouble are sorted (for a stable report): sorting every
        // subject's name was a tenth of a whole verify.
        for s in census.named.filter({ live[$0] != true && !census.erased.contains($0) }).sorted() {
            problems.add(nil, "keys.missing", "subject \(s) has records but no key and no recorded erasure: its personal fields can never be opened")
        }
        let kept = live.filter { $0.value && (!census.named.contains($0.key) || census.erased.contains($0.key)) }
        for s in kept.keys.sorted() {
            if !census.named.contains(s) {
                problems.add(nil, "keys.orphan", "the keys store holds a key for subject \(s), which no record names")
            }
            if census.erased.contains(s) {
                problems.add(nil, "keys.erasure", "subject \(s) is recorded erased but its key is still in the keys store: run `albo erase` for it again")
            }
        }
    }

    /// Each subject of the keys store, and whether its key is there (false: zeroed slot).
    private func keyStates(_ store: SubjectKeyStore) throws -> [String: Bool] {
        if store.isLegacy { return Dictionary(uniqueKeysWithValues: try store.legacy().keys.keys.map { ($0, true) }) }
        guard let index = store.index else { return [:] }
        var out: [String: Bool] = [:]
        var seen = Set<UInt64>()
        for (subject, slot) in try store.subjects(index) {
            guard seen.insert(slot).inserted else { throw store.damage("slot \(slot) is indexed for two subjects") }
            switch try store.reading(slot) {
            case .live(let s) where s.subject == subject: out[subject] = true
            case .live(let s): throw store.damage("slot \(slot) of subject \(subject) holds subject \(s.subject)")
            case .empty: out[subject] = false
            case .damaged(let why): throw store.damage(why)
            }
        }
        guard UInt64(seen.count) == store.count else { throw store.damage("\(store.count) slots are committed but \(seen.count) are indexed") }
        return out
    }
}
