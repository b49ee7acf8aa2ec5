import AlboDomain
import AlboSealing
import LMDB

/// The keys store inside one write transaction: new subjects get the next slots, written
/// and synced to `subjects.keyslots` just before the transaction commits, with their index
/// entries and the new count in the transaction itself. Until LMDB commits, the new slots
/// are past the committed count: a batch that fails leaves them to be zeroed (`reclaim`),
/// and a reader never looks at them.
final class SubjectKeyWriter {
    let store: SubjectKeyStore
    private let index: Database
    private let file: KeySlotFile
    /// Slots written by this transaction, from `store.count` on.
    private var added: [KeySlot] = []
    private var addedByPerson: [String: String] = [:]
    private var addedKeys: [String: SubjectKey] = [:]

    /// Opens the keys store for writing in `txn`, moving an old `subjects.keys` into it first.
    init(ledger: Ledger, txn: Transaction) throws {
        var store = try SubjectKeyStore(ledger: ledger, txn: txn, writing: true)
        var migrated: [KeySlot] = []
        if store.isLegacy {
            let ring = try store.legacy()
            for subject in ring.keys.keys.sorted() {
                guard let key = ring.key(of: subject) else { continue }
                let person = ring.person(of: subject) ?? ""
                guard person.utf8.count <= KeySlot.maxPerson else { throw store.damage("the person of subject \(subject) is longer than \(KeySlot.maxPerson) bytes") }
                migrated.append(KeySlot(subject: subject, key: key, person: person))
            }
            _ = try txn.open(SubjectKeyStore.database)
            store = try SubjectKeyStore(ledger: ledger, txn: txn, writing: true)
        }
        guard let index = store.index, let file = store.file else {
            throw LogError(.keysFailed, "cannot open the sealing keys of \(ledger.path) for writing")
        }
        self.store = store
        self.index = index
        self.file = file
        // Slots past the count belong to a batch that never committed (a crash, a kill -9).
        try file.reclaim(from: store.count)
        for slot in migrated {
            added.append(slot)
            if !slot.person.isEmpty { addedByPerson[slot.person] = slot.subject }
            addedKeys[slot.subject] = slot.key
        }
    }

    /// The live subject of `person`, from this batch or the store.
    func subject(ofPerson person: String) throws -> String? {
        if let s = addedByPerson[person] { return s }
        return try store.subject(ofPerson: person)?.subject
    }

    /// The live key of `subject`; nil when it is recorded erased; thrown when damaged.
    func key(of subject: String) throws -> SubjectKey? {
        if let k = addedKeys[subject] { return k }
        return try store.key(of: subject)
    }

    /// Gives `person` a new subject with `key`.
    func add(person: String, subject: String, key: SubjectKey) throws {
        guard person.utf8.count <= KeySlot.maxPerson else {
            throw LogError(.misuse, "a person reference longer than \(KeySlot.maxPerson) bytes cannot be sealed")
        }
        added.append(KeySlot(subject: subject, key: key, person: person))
        addedByPerson[person] = subject
        addedKeys[subject] = key
    }

    /// Whether slots wait to be written by `save`.
    var hasPending: Bool { !added.isEmpty }

    /// Writes and syncs the new slots, then puts their index entries and the new count in
    /// the transaction. Call last, just before the commit; `CommitWindow` holds signals.
    func save() throws {
        guard !added.isEmpty else { return }
        CommitWindow.open()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(added.count * KeySlot.size)
        for (i, slot) in added.enumerated() {
            guard let b = slot.bytes(at: store.count + UInt64(i)) else { throw LogError(.misuse, "subject \(slot.subject) does not fit a key slot") }
            bytes += b
        }
        try file.write(bytes, at: KeySlotFile.offset(of: store.count))
        try file.sync()
        for (i, slot) in added.enumerated() {
            let n = store.count + UInt64(i)
            try txn.put(index, SubjectKeyStore.subjectKey(slot.subject), BigEndian.bytes(n), .noOverwrite)
            if !slot.person.isEmpty { try txn.put(index, SubjectKeyStore.personKey(bucket: KeySlot.bucket(of: slot.person), slot: n), Array(slot.subject.utf8)) }
        }
        try txn.put(index, SubjectKeyStore.countKey, BigEndian.bytes(store.count + UInt64(added.count)))
        added.removeAll()
    }

    /// Destroys the key of `subject` (already recorded erased): its slot is overwritten with
    /// zeros and synced now, and its person entry leaves the index with this transaction.
    /// Returns whether a live key was there.
    func destroy(subject: String) throws -> Bool {
        guard let slot = try store.slot(of: subject) else { return false }
        switch try store.reading(slot) {
        case .empty: return false
        case .damaged(let why): throw store.damage(why)
        case .live(let s):
            guard s.subject == subject else { throw store.damage("slot \(slot) of subject \(subject) holds subject \(s.subject)") }
            try file.write([UInt8](repeating: 0, count: KeySlot.size), at: KeySlotFile.offset(of: slot))
            try file.sync()
            store.forgetChecked(slot)
            if !s.person.isEmpty { try txn.delete(index, SubjectKeyStore.personKey(bucket: KeySlot.bucket(of: s.person), slot: slot)) }
            return true
        }
    }

    private var txn: Transaction { store.txn }
}
