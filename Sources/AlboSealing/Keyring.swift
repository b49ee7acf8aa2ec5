public import AlboDomain
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The sealing material of a store: each data subject's key, by subject reference, and the
/// subject reference of each person. Kept apart from the log (the keys file) and never in
/// a record; erasing a subject removes both of its entries.
public struct Keyring: Sendable, Equatable {
    /// Subject reference → key.
    public private(set) var keys: [String: SubjectKey] = [:]
    /// Person → subject reference.
    public private(set) var subjects: [String: String] = [:]
    /// Subject reference → person.
    private var people: [String: String] = [:]

    public init() {}

    /// The key of subject `reference`, nil once erased (or never known).
    public func key(of reference: String) -> SubjectKey? { keys[reference] }

    /// The subject reference of `person`, nil when the person is unknown or erased.
    public func subject(of person: String) -> String? { subjects[person] }

    /// The person whose subject is `reference`.
    public func person(of reference: String) -> String? { people[reference] }

    /// Records a subject: its key, and its person when known (a bundle's keys name none).
    public mutating func add(person: String?, subject: String, key: SubjectKey) {
        if let person {
            subjects[person] = subject
            people[subject] = person
        }
        keys[subject] = key
    }

    /// This keyring with `other`'s subjects added (its entries win).
    public func merging(_ other: Keyring) -> Keyring {
        var out = self
        for (ref, key) in other.keys { out.add(person: other.person(of: ref), subject: ref, key: key) }
        return out
    }

    /// Forgets a subject: its key and its person.
    public mutating func remove(subject reference: String) {
        keys[reference] = nil
        if let person = people.removeValue(forKey: reference) { subjects[person] = nil }
    }

    // MARK: - Opening

    /// What a stored value of personal field `field` reads as: the value itself when it is
    /// not sealed, its clear text when the subject's key is here, `erased` when it is not,
    /// and `unreadable` when the key does not open it.
    public func reveal(_ value: String, field: String) -> String {
        switch opening(value, field: field) {
        case .clear(let s), .opened(let s): s
        case .erased: PersonalFields.erased
        case .unreadable: "unreadable"
        }
    }

    /// What opening a stored value gives.
    public enum Opening: Sendable, Equatable {
        /// The value was not sealed (an unsealed store, or a field that is not personal).
        case clear(String)
        /// Opened with the subject's key.
        case opened(String)
        /// The subject's key is gone.
        case erased
        /// The key is here but does not open the box: altered or misplaced.
        case unreadable
    }

    /// Opens a stored value of personal field `field`.
    public func opening(_ value: String, field: String) -> Opening {
        // Read in place: a report opens one value per case of its cohort.
        var text = value
        return text.withUTF8 { u -> Opening in
            guard let parts = SealedValue.parts(utf8: u) else { return .clear(value) }
            guard let key = keys[String(decoding: UnsafeBufferPointer(rebasing: u[parts.subject]), as: UTF8.self)] else { return .erased }
            guard let clear = FieldSealer.open(utf8: u, parts, field: field, key: key) else { return .unreadable }
            return .opened(clear)
        }
    }

    /// `reveal` for a personal vocabulary field: the term when it opens to one, `erased` when
    /// the key is gone; a box the key does not open stays sealed.
    public func reveal<Term>(_ value: Personal<Term>, field: String) -> Personal<Term> {
        guard case .sealed(let text) = value else { return value }
        switch opening(text, field: field) {
        case .clear(let s), .opened(let s): return Term(rawValue: s).map { .term($0) } ?? value
        case .erased: return .erased
        case .unreadable: return value
        }
    }

    /// `reveal` for an optional value.
    public func reveal(_ value: String?, field: String) -> String? { value.map { reveal($0, field: field) } }

    // MARK: - Text form

    /// The first line of the keys file.
    public static let header = "albo-subject-keys v1"

    /// Why a keys file could not be read.
    public struct FormatError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// One line per subject, `reference key person`, sorted by reference, after a header.
    public var text: String {
        var out = Self.header + "\n"
        for ref in keys.keys.sorted() {
            if let key = keys[ref] { out += Self.line(subject: ref, key: key, person: people[ref]) }
        }
        return out
    }

    /// Reads just the lines of `subjects`, each found by a byte search for "\n<reference> ".
    private init(bytes: [UInt8], finding subjects: Set<String>) throws(FormatError) {
        self.init()
        let header = Array(Self.header.utf8) + [0x0A]
        guard bytes.count >= header.count, bytes[0..<header.count].elementsEqual(header) else {
            throw FormatError(description: "not an Albo keys file (no \"\(Self.header)\" header)")
        }
        for subject in subjects {
            let needle = [0x0A] + Array(subject.utf8) + [0x20]
            let found = Self.find(needle, in: bytes).map { $0 + 1 }
            guard let start = found, let end = bytes[start...].firstIndex(of: 0x0A) else { continue }
            let one = try Keyring(bytes: header + bytes[start...end], only: nil)
            for (ref, key) in one.keys { add(person: nil, subject: ref, key: key) }
        }
    }

    /// The first 28 bytes of a line (a subject reference), as a value that hashes without allocating.
    struct RefBytes: Hashable {
        var a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0, d: UInt32 = 0

        /// The first 28 bytes at `base` (there must be as many).
        init(_ base: UnsafePointer<UInt8>) {
            let raw = UnsafeRawPointer(base)
            a = raw.loadUnaligned(as: UInt64.self)
            b = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            c = raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
            d = raw.loadUnaligned(fromByteOffset: 24, as: UInt32.self)
        }

        /// A reference's text; nil when it is not 28 bytes long (it names no line then).
        init?(_ reference: String) {
            var reference = reference
            guard let value = reference.withUTF8({ $0.count == 28 ? RefBytes($0.baseAddress!) : nil }) else { return nil }
            self = value
        }
    }

    /// The offset of `needle` in `bytes`.
    static func find(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { ByteSearch.offset(of: needle, in: $0) }
    }

    /// One line of the text form.
    public static func line(subject: String, key: SubjectKey, person: String?) -> String {
        subject + " " + key.text + (person.map { " " + $0 } ?? "") + "\n"
    }

    /// Reads the text form.
    public init(text: String) throws(FormatError) {
        try self.init(bytes: Array(text.utf8))
    }

    /// Reads the text form from its bytes; with `only`, keeps just those subjects' keys (the
    /// rest is skipped without decoding; and persons are not read, so `subject(of:)` and
    /// `person(of:)` know none: such a keyring is for opening values). A last line without its newline is a torn append of a batch
    /// that never committed: it is ignored.
    public init(bytes: [UInt8], only: Set<String>? = nil) throws(FormatError) {
        // A few subjects: find their lines by a byte search instead of reading every line.
        if let only, only.count <= 64 {
            try self.init(bytes: bytes, finding: only)
            return
        }
        self.init()
        let header = Array(Self.header.utf8) + [0x0A]
        guard bytes.count >= header.count, bytes[0..<header.count].elementsEqual(header) else {
            throw FormatError(description: "not an Albo keys file (no \"\(Self.header)\" header)")
        }
        // Wanted references as fixed-size values: testing a line costs no allocation.
        let wanted = only.map { Set($0.compactMap(RefBytes.init)) }
        var lines: [(line: Int, start: Int, end: Int)] = []
        try bytes.withUnsafeBufferPointer { (all: UnsafeBufferPointer<UInt8>) throws(FormatError) in
            guard let base = all.baseAddress else { return }
            var start = header.count
            var lineNumber = 1
            while start < all.count, let hit = memchr(base + start, 0x0A, all.count - start) {
                let end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                lineNumber += 1
                defer { start = end + 1 }
                guard end - start >= 28 + 1 + 43, all[start + 28] == 0x20 else {
                    throw FormatError(description: "line \(lineNumber) of the keys file is not `reference key [person]`")
                }
                if let wanted, !wanted.contains(RefBytes(base + start)) { continue }
                lines.append((lineNumber, start, end))
            }
        }
        keys.reserveCapacity(lines.count)
        if only == nil {
            subjects.reserveCapacity(lines.count)
            people.reserveCapacity(lines.count)
        }
        for (lineNumber, start, end) in lines {
            let line = bytes[start..<end]
            let ref = String(decoding: line.prefix(28), as: UTF8.self)
            let keyStart = start + 29
            let keyEnd = line[keyStart...].firstIndex(of: 0x20) ?? end
            guard SubjectReference.isValid(ref), let raw = Base64URL.decode(line[keyStart..<keyEnd]), let key = SubjectKey(bytes: raw) else {
                throw FormatError(description: "line \(lineNumber) of the keys file is not `reference key [person]`")
            }
            // A partial read is for opening values: it skips the persons (no lookup by person).
            let person = only == nil && keyEnd < end ? String(decoding: line[(keyEnd + 1)...], as: UTF8.self) : nil
            add(person: person, subject: ref, key: key)
        }
    }
}
