import AlboDomain
import AlboSealing
import Crypto
import LMDB

/// The sealing keys of a store, read: each subject's slot in `subjects.keyslots`, found
/// through the `subjectKeys` database that commits with the log (subject → slot, 16-bit
/// person bucket ‖ slot, and the committed slot count).
///
/// Every subject asked for is either live (a slot that passes its checksum and names it) or
/// recorded erased (a `SubjectErased` in the log and its slot zeroed); anything else is
/// damage, thrown as `keysDamaged`. A store written before this format keeps its keys in
/// `subjects.keys` (`SubjectKeyFile`) until its first write migrates them.
final class SubjectKeyStore {
    let ledger: Ledger
    let txn: Transaction
    /// The index, nil for a store still in the old format (or with no subject yet).
    let index: Database?
    /// The slots committed with the log.
    let count: UInt64
    /// The slot file; nil when there are no committed slots and no file.
    let file: KeySlotFile?
    /// Per committed slot, once read and checked in this transaction: its person's
    /// fingerprint (`fingerprint(_:)`), or `emptySlot` for a slot zeroed by a recorded
    /// erasure; 0 until then. A person lookup checks every slot of the person's bucket; with
    /// this, each slot's bytes are read and checked once per transaction, not once per lookup.
    private var checked: [UInt64] = []
    private static let emptySlot: UInt64 = 1

    static let database = "subjectKeys"
    static let countKey: [UInt8] = [0x63]

    static func subjectKey(_ subject: String) -> [UInt8] { [0x73] + Array(subject.utf8) }
    static func personKey(bucket: [UInt8], slot: UInt64) -> [UInt8] { [0x70] + bucket + BigEndian.bytes(slot) }

    init(ledger: Ledger, txn: Transaction, writing: Bool = false) throws {
        self.ledger = ledger
        self.txn = txn
        index = try txn.openIfExists(Self.database)
        guard let index else {
            count = 0
            file = nil
            return
        }
        count = try txn.get(index, Self.countKey).flatMap(BigEndian.uint64) ?? 0
        let file = try KeySlotFile.open(directory: ledger.path, writing: writing, create: writing)
        if file == nil && count > 0 {
            throw LogError(.keysDamaged, "the sealing keys \(ledger.path)/\(KeySlotFile.name) are missing: \(count) subjects' keys were committed with the log")
        }
        try file?.check(count: count)
        self.file = file
    }

    /// Whether the keys live in the old text file.
    var isLegacy: Bool { index == nil }

    /// The slot of `subject`, nil when the store never gave it one.
    func slot(of subject: String) throws -> UInt64? {
        guard let index else { return nil }
        return try txn.get(index, Self.subjectKey(subject)).flatMap(BigEndian.uint64)
    }

    /// The reading of slot `slot`, checked against the committed count.
    func reading(_ slot: UInt64) throws -> KeySlot.Reading {
        guard slot < count, let file else { return .damaged("slot \(slot) is past the \(count) committed") }
        return KeySlot.read(try file.slots(from: slot, count: 1)[...], at: slot)
    }

    /// The live key of `subject`; nil when the subject is recorded erased. Throws when its
    /// key is missing, damaged, or names another subject.
    func key(of subject: String) throws -> SubjectKey? {
        if isLegacy { return try legacy().keys[subject] ?? erasedOrMissing(subject) }
        guard let slot = try slot(of: subject) else { return try erasedOrMissing(subject) }
        switch try reading(slot) {
        case .live(let s) where s.subject == subject: return s.key
        case .live(let s): throw damage("slot \(slot) of subject \(subject) holds subject \(s.subject)")
        case .empty: return try erasedOrMissing(subject)
        case .damaged(let why): throw damage(why)
        }
    }

    /// nil for a subject recorded erased; a thrown `keysDamaged` otherwise.
    func erasedOrMissing(_ subject: String) throws -> SubjectKey? {
        // A fresh look too: an erasure may have committed, and zeroed the slot, after this snapshot.
        if try ledger.isRecordedErased(txn, subject) || ledger.isRecordedErased(subject) { return nil }
        throw damage("the key of subject \(subject) is missing and no erasure of it is recorded")
    }

    func damage(_ why: String) -> LogError {
        LogError(.keysDamaged, "the sealing keys of \(ledger.path) are damaged: \(why); restore the store (keys and log together) from a backup")
    }

    /// The keys of `subjects` (erased ones left out): what opening some records needs.
    ///
    /// The subjects are looked up in the index in name order, then their slots read in file
    /// order, neighbouring slots together (a report's or a query's subjects are many: a slot
    /// read each, in no order, waited on the disk once per subject).
    func keyring(for subjects: Set<String>) throws -> Keyring {
        var ring = Keyring()
        if isLegacy {
            for s in subjects { if let key = try key(of: s) { ring.add(person: nil, subject: s, key: key) } }
            return ring
        }
        var located: [(slot: UInt64, subject: String)] = []
        for s in subjects.sorted() {
            guard let slot = try slot(of: s) else {
                _ = try erasedOrMissing(s)
                continue
            }
            located.append((slot, s))
        }
        located.sort { $0.slot < $1.slot }
        try readings(located.map(\.slot)) { i, reading in
            let (slot, subject) = located[i]
            switch reading {
            case .live(let s) where s.subject == subject: ring.add(person: nil, subject: subject, key: s.key)
            case .live(let s): throw damage("slot \(slot) of subject \(subject) holds subject \(s.subject)")
            case .empty: _ = try erasedOrMissing(subject)
            case .damaged(let why): throw damage(why)
            }
        }
        return ring
    }

    /// The readings of `slots` (ascending), each passed with its position in `slots`; slots
    /// less than `run` apart are read with one `pread`.
    func readings(_ slots: [UInt64], run: UInt64 = 512, _ body: (Int, KeySlot.Reading) throws -> Void) throws {
        var i = 0
        while i < slots.count {
            let first = slots[i]
            guard first < count, let file else {
                try body(i, .damaged("slot \(first) is past the \(count) committed"))
                i += 1
                continue
            }
            var j = i + 1
            while j < slots.count, slots[j] < count, slots[j] - first < run { j += 1 }
            let bytes = try file.slots(from: first, count: Int(slots[j - 1] - first) + 1)
            for k in i..<j {
                let offset = Int(slots[k] - first) * KeySlot.size
                try body(k, KeySlot.read(bytes[offset..<(offset + KeySlot.size)], at: slots[k]))
            }
            i = j
        }
    }

    /// Every live key with its person, each slot checked.
    func keyring() throws -> Keyring {
        if isLegacy { return try legacy() }
        var ring = Keyring()
        guard let index else { return ring }
        for (subject, slot) in try subjects(index) {
            switch try reading(slot) {
            case .live(let s) where s.subject == subject: ring.add(person: s.person.isEmpty ? nil : s.person, subject: subject, key: s.key)
            case .live(let s): throw damage("slot \(slot) of subject \(subject) holds subject \(s.subject)")
            case .empty: _ = try erasedOrMissing(subject)
            case .damaged(let why): throw damage(why)
            }
        }
        return ring
    }

    /// Every (subject, slot) of the index, in subject order.
    func subjects(_ index: Database) throws -> [(String, UInt64)] {
        try txn.withCursor(index) { c in
            var out: [(String, UInt64)] = []
            var entry = try c.seek([0x73])
            while let e = entry, e.key.first == 0x73 {
                guard let slot = BigEndian.uint64(e.value) else { throw damage("the index entry of a subject is not a slot number") }
                out.append((String(decoding: e.key.dropFirst(), as: UTF8.self), slot))
                entry = try c.next()
            }
            return out
        }
    }

    /// The live subject of `person` and its slot, nil when the person has none (unknown or erased).
    func subject(ofPerson person: String) throws -> (subject: String, slot: UInt64?)? {
        if isLegacy { return try legacy().subject(of: person).map { ($0, nil) } }
        guard let index else { return nil }
        let bucket = KeySlot.bucket(of: person)
        let prefix = [0x70] + bucket
        // Each entry's value is its subject: an empty slot is then an erasure or damage, never "unknown".
        let slots: [(UInt64, String)] = try txn.withCursor(index) { c in
            var out: [(UInt64, String)] = []
            var entry = try c.seek(prefix)
            while let e = entry, e.key.count == 11, e.key.starts(with: prefix) {
                if let s = BigEndian.uint64(Array(e.key.suffix(8))) { out.append((s, String(decoding: e.value, as: UTF8.self))) }
                entry = try c.next()
            }
            return out
        }
        let wanted = Self.fingerprint(person)
        for (slot, subject) in slots {
            guard try fingerprint(ofSlot: slot, subject: subject) == wanted else { continue }
            switch try reading(slot) {
            case .live(let s) where s.person == person:
                guard try self.slot(of: s.subject) == slot else { throw damage("slot \(slot) names subject \(s.subject), whose index entry points elsewhere") }
                return (s.subject, slot)
            case .live: continue
            case .empty: _ = try erasedOrMissing(subject)
            case .damaged(let why): throw damage(why)
            }
        }
        return nil
    }

    /// 63 bits of SHA-256(person), the top bit set: never 0 (unchecked) or `emptySlot`.
    static func fingerprint(_ person: String) -> UInt64 {
        let digest = SHA256.hash(data: Array(person.utf8))
        return digest.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 2, as: UInt64.self) } | 1 << 63
    }

    /// The fingerprint of the person in slot `slot` (indexed as `subject`'s), its bytes read
    /// and checked the first time in this transaction: damage, or a zeroed slot whose subject
    /// has no recorded erasure, is thrown then.
    private func fingerprint(ofSlot slot: UInt64, subject: String) throws -> UInt64 {
        if slot < UInt64(checked.count), checked[Int(slot)] != 0 { return checked[Int(slot)] }
        let value: UInt64
        switch try reading(slot) {
        case .live(let s): value = Self.fingerprint(s.person)
        case .empty:
            _ = try erasedOrMissing(subject)
            value = Self.emptySlot
        case .damaged(let why): throw damage(why)
        }
        if slot < count {
            if checked.isEmpty { checked = [UInt64](repeating: 0, count: Int(count)) }
            checked[Int(slot)] = value
        }
        return value
    }

    /// Forgets what was checked of slot `slot` (its bytes were just rewritten).
    func forgetChecked(_ slot: UInt64) {
        if slot < UInt64(checked.count) { checked[Int(slot)] = 0 }
    }

    private var legacyRing: Keyring?

    /// The old text file's keys, read once; a missing file is damage once the log has a case.
    func legacy() throws -> Keyring {
        if let legacyRing { return legacyRing }
        let file = SubjectKeyFile(directory: ledger.path)
        guard let ring = try file.loadIfPresent() else {
            if try ledger.hasCases(txn) { throw damage("\(file.path) is missing") }
            return Keyring()
        }
        legacyRing = ring
        return ring
    }
}
