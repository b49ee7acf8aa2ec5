public import AlboDomain

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

    /// Forgets a subject: its key and its person.
    public mutating func remove(subject reference: String) {
        keys[reference] = nil
        if let person = people.removeValue(forKey: reference) { subjects[person] = nil }
    }

    /// Only the given subjects (what an evidence bundle carries).
    public func restricted(to references: Set<String>) -> Keyring {
        var out = Keyring()
        out.keys = keys.filter { references.contains($0.key) }
        out.subjects = subjects.filter { references.contains($0.value) }
        out.people = people.filter { references.contains($0.key) }
        return out
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
        guard let sealed = SealedValue(value) else { return .clear(value) }
        guard let key = keys[sealed.subject] else { return .erased }
        guard let clear = try? FieldSealer.open(sealed, field: field, key: key) else { return .unreadable }
        return .opened(clear)
    }

    /// `reveal` for an optional value.
    public func reveal(_ value: String?, field: String) -> String? { value.map { reveal($0, field: field) } }

    // MARK: - Text form

    /// The first line of the keys file.
    static let header = "albo-subject-keys v1"

    /// Why a keys file could not be read.
    public struct FormatError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// One line per subject, `reference key person`, sorted by reference, after a header.
    public var text: String {
        var out = Self.header + "\n"
        for ref in keys.keys.sorted() {
            out += ref + " " + (keys[ref]?.text ?? "") + (people[ref].map { " " + $0 } ?? "") + "\n"
        }
        return out
    }

    /// Reads the text form.
    public init(text: String) throws(FormatError) {
        let lines = text.split(separator: "\n")
        guard lines.first.map(String.init) == Self.header else { throw FormatError(description: "not an Albo keys file (no \"\(Self.header)\" header)") }
        for (i, line) in lines.dropFirst().enumerated() {
            let f = line.split(separator: " ")
            guard f.count == 2 || f.count == 3, SubjectReference.isValid(f[0]), let key = SubjectKey(text: String(f[1])) else {
                throw FormatError(description: "line \(i + 2) of the keys file is not `reference key [person]`")
            }
            keys[String(f[0])] = key
            if f.count == 3 {
                subjects[String(f[2])] = String(f[0])
                people[String(f[0])] = String(f[2])
            }
        }
    }
}
